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

describe('`user create` never takes over an account someone else chose the password of', () => {
  it('refuses an existing email (exit 1, naming --reset-password) and changes nothing; with --reset-password the operator sets the password, ends its sessions and grants the role', async () => {
    const first = await createOrganization();
    const second = await createOrganization();
    const email = 'preregistered@example.com';
    // An account whose password was chosen by someone else (say, whoever held a copied invitation link).
    const existing = await createUser({ organizationId: first.id, email, password: 'chosen-by-someone-else', role: 'viewer' });
    const before = await db.user.findUniqueOrThrow({ where: { id: existing.id } });

    const refused = spawnScript('cli', 'scripts/cli.ts', ['user', 'create', '--email', 'PreRegistered@example.com', '--password', 'operator-password-1', '--org', second.slug, '--role', 'owner']);
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toContain('--reset-password');
    expect(await db.membership.count({ where: { userId: existing.id, organizationId: second.id } })).toBe(0);
    expect(await authenticateWithPassword({ email, password: 'chosen-by-someone-else' }, fromHere())).toMatchObject({ id: existing.id });
    expect(await db.auditEntry.count({ where: { organizationId: second.id } })).toBe(0);

    const reset = spawnScript('cli', 'scripts/cli.ts', ['user', 'create', '--email', email, '--password', 'operator-password-1', '--org', second.slug, '--role', 'owner', '--reset-password']);
    expect((await reset.exited).code, reset.output()).toBe(0);
    const after = await db.user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after.sessionVersion).toBeGreaterThan(before.sessionVersion);
    expect(await authenticateWithPassword({ email, password: 'chosen-by-someone-else' }, fromHere())).toBeNull();
    expect(await authenticateWithPassword({ email, password: 'operator-password-1' }, fromHere())).toMatchObject({ id: existing.id });
    expect((await db.membership.findFirstOrThrow({ where: { userId: existing.id, organizationId: second.id } })).role).toBe('owner');
    const audit = await db.auditEntry.findFirstOrThrow({ where: { organizationId: second.id, targetId: existing.id, action: 'user.added' } });
    expect(audit.changes).toMatchObject({ account: 'existing: password replaced, sessions ended' });
  }, 120_000);

  it('createUser refuses an existing email unless told to reset its password', async () => {
    const organization = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'twice@example.com', password: 'first-password-1', role: 'viewer' });
    await expect(createUser({ organizationId: organization.id, email: 'Twice@example.com', password: 'second-password-1', role: 'owner' })).rejects.toMatchObject({ code: 'account_exists' });
    expect(await authenticateWithPassword({ email: 'twice@example.com', password: 'first-password-1' }, fromHere())).not.toBeNull();
    expect((await db.membership.findFirstOrThrow({ where: { user: { email: 'twice@example.com' } } })).role).toBe('viewer');
  });
});
