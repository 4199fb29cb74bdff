import { describe, expect, it } from 'vitest';
import { authenticateWithPassword } from '../../lib/auth/auth-options';
import { createUser } from '../../lib/auth/create-user';
import { db } from '../../lib/db';
import { env, EnvError, parseEnv } from '../../lib/env';
import { stampClientAddress } from '../../lib/http/client-address';
import { createOrganization } from '../support/fixtures';
import { spawnScript } from '../support/processes';

// Issue 12 item 13: a password longer than bcrypt's 72 bytes is refused with a clear error
// where it is set (the CLI's `user create`), and signing in never truncates one.

const fromHere = () => ({ 'x-forwarded-for': '192.0.2.31', ...stampClientAddress('192.0.2.31', env().NEXTAUTH_SECRET!) });

describe('passwords longer than bcrypt reads', () => {
  it('`user create` refuses a 73-byte password with a message that says why, and creates no user', async () => {
    const organization = await createOrganization();
    const email = 'too-long@example.com';
    const cli = spawnScript('cli', 'scripts/cli.ts', ['user', 'create', '--email', email, '--password', 'x'.repeat(73), '--org', organization.slug, '--role', 'admin']);
    const { code } = await cli.exited;
    expect(code).not.toBe(0);
    expect(cli.output()).toContain('Passwords are at most 72 bytes');
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it('createUser counts bytes: 24 euro signs (72 bytes) are accepted, 25 (75 bytes) refused', async () => {
    const organization = await createOrganization();
    await expect(createUser({ organizationId: organization.id, email: 'euro-25@example.com', password: '€'.repeat(25), role: 'viewer' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('at most 72 bytes'),
    });
    const user = await createUser({ organizationId: organization.id, email: 'euro-24@example.com', password: '€'.repeat(24), role: 'viewer' });
    expect(await authenticateWithPassword({ email: 'euro-24@example.com', password: '€'.repeat(24) }, fromHere())).toMatchObject({ id: user.id });
  });

  it('signing in with the 72-byte password plus more is refused, not cut to the stored one', async () => {
    const organization = await createOrganization();
    const password = 'q'.repeat(72);
    await createUser({ organizationId: organization.id, email: 'exact-72@example.com', password, role: 'viewer' });
    expect(await authenticateWithPassword({ email: 'exact-72@example.com', password: `${password}-and-more` }, fromHere())).toBeNull();
    expect(await authenticateWithPassword({ email: 'exact-72@example.com', password }, fromHere())).not.toBeNull();
  });

  it('TIDINGS_ADMIN_PASSWORD longer than 72 bytes stops startup with a message naming it', () => {
    expect(() => parseEnv({ TIDINGS_ADMIN_PASSWORD: 'a'.repeat(73) })).toThrow(EnvError);
    expect(() => parseEnv({ TIDINGS_ADMIN_PASSWORD: 'a'.repeat(73) })).toThrow(/TIDINGS_ADMIN_PASSWORD: must be at most 72 bytes/);
    expect(parseEnv({ TIDINGS_ADMIN_PASSWORD: 'a'.repeat(72) }).TIDINGS_ADMIN_PASSWORD).toHaveLength(72);
  });
});
