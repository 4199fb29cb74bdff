import { describe, expect, it } from 'vitest';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { authenticateWithPassword, SIGN_IN_NEEDS_WEB_SERVER } from '../lib/auth/auth-options';
import { createUser } from '../lib/auth/create-user';
import { env } from '../lib/env';
import { CLIENT_ADDRESS_HEADER, stampClientAddress } from '../lib/http/client-address';
import { LIMITS } from '../lib/http/rate-limit';
import { call, createKey, createOrganization } from './support/fixtures';

/** The headers a request from `address` carries once our web server (scripts/web-server.ts) has handled it. */
function fromAddress(address: string): Record<string, string> {
  return { 'x-forwarded-for': address, ...stampClientAddress(address, env().NEXTAUTH_SECRET!) };
}

describe('rate limits', () => {
  it('keeps the counters in an unlogged table: counting a request writes no WAL and waits for no disk flush', async () => {
    const { pool } = await import('../lib/db');
    const { rows } = await pool().query<{ persistence: string }>(`select relpersistence as persistence from pg_class where relname = 'rate_limits' and relkind = 'r'`);
    expect(rows).toEqual([{ persistence: 'u' }]);
    // Still one table every web process shares: a spent budget is seen by the next request.
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['webhooks:read']);
    expect((await call(webhooksRoute.GET, { key })).status).toBe(200);
    const { rows: counted } = await pool().query<{ points: number }>(`select points from rate_limits where key like $1`, [`${LIMITS.apiKey.keyPrefix}:%`]);
    expect(counted.length).toBeGreaterThan(0);
  });

  it('answers 429 with Retry-After once an API key spends its budget, other keys unaffected', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['webhooks:read']);
    const other = await createKey(organization.id, ['webhooks:read']);
    const { pool } = await import('../lib/db');
    const { rows } = await pool().query<{ id: string }>('select id from "ApiKey" where "organizationId" = $1 order by "createdAt" limit 1', [organization.id]);
    // Spend the budget directly in the shared table, as many web processes together would.
    await pool().query(`insert into rate_limits (key, points, expire) values ($1, $2, $3)`, [`${LIMITS.apiKey.keyPrefix}:${rows[0].id}`, LIMITS.apiKey.points, Date.now() + 30_000]);
    const limited = await call(webhooksRoute.GET, { key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await call(webhooksRoute.GET, { key: other })).status).toBe(200);
  });

  it('counts wrong passwords per (email, address): the address that sent them is refused, even with the right password', async () => {
    const organization = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'limited@example.com', password: 'right-password', role: 'admin' });
    const stranger = fromAddress('198.51.100.66');
    for (let attempt = 0; attempt < LIMITS.signInEmailAddress.points; attempt += 1) {
      expect(await authenticateWithPassword({ email: 'limited@example.com', password: `wrong-${attempt}` }, stranger)).toBeNull();
    }
    await expect(authenticateWithPassword({ email: 'limited@example.com', password: 'right-password' }, stranger)).rejects.toThrow('rate_limited');
  });

  it('a flood of wrong passwords from one address does not stop the owner signing in from another at once', async () => {
    const organization = await createOrganization();
    const owner = await createUser({ organizationId: organization.id, email: 'owner@example.com', password: 'owner-password', role: 'owner' });
    const stranger = fromAddress('203.0.113.13');
    // Far past both budgets of the stranger's address.
    for (let attempt = 0; attempt < LIMITS.signInAddress.points + 5; attempt += 1) {
      await authenticateWithPassword({ email: 'owner@example.com', password: `guess-${attempt}` }, stranger).catch((error: Error) => {
        expect(error.message).toBe('rate_limited');
      });
    }
    await expect(authenticateWithPassword({ email: 'owner@example.com', password: 'owner-password' }, stranger)).rejects.toThrow('rate_limited');
    // The owner's address has no failures: the first attempt succeeds.
    const signedIn = await authenticateWithPassword({ email: 'owner@example.com', password: 'owner-password' }, fromAddress('192.0.2.200'));
    expect(signedIn?.id).toBe(owner.id);
    // And from another IPv6 network the same.
    expect((await authenticateWithPassword({ email: 'owner@example.com', password: 'owner-password' }, fromAddress('2001:db8:77::1')))?.id).toBe(owner.id);
  });

  it('limits sign-in attempts per address across emails', async () => {
    const flooding = fromAddress('192.0.2.77');
    for (let attempt = 0; attempt < LIMITS.signInAddress.points; attempt += 1) {
      await authenticateWithPassword({ email: `nobody${attempt}@example.com`, password: 'x' }, flooding);
    }
    await expect(authenticateWithPassword({ email: 'someone@example.com', password: 'x' }, flooding)).rejects.toThrow('rate_limited');
    // Another address of the same IPv6 /64 is the same budget; this IPv4 one is not.
    expect(await authenticateWithPassword({ email: 'someone@example.com', password: 'x' }, fromAddress('192.0.2.78'))).toBeNull();
  });

  it('counts an IPv6 client by its /64: rotating addresses inside it buys no fresh budget', async () => {
    for (let attempt = 0; attempt < LIMITS.signInEmailAddress.points; attempt += 1) {
      await authenticateWithPassword({ email: 'v6@example.com', password: 'x' }, fromAddress(`2001:db8:5:6::${(attempt + 1).toString(16)}`));
    }
    await expect(authenticateWithPassword({ email: 'v6@example.com', password: 'x' }, fromAddress('2001:db8:5:6:ffff::9'))).rejects.toThrow('rate_limited');
    expect(await authenticateWithPassword({ email: 'v6@example.com', password: 'x' }, fromAddress('2001:db8:5:7::1'))).toBeNull();
  });

  it('refuses sign-in, telling to use `npm run web`, when the request did not come through our web server', async () => {
    const organization = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'unstamped@example.com', password: 'right-password', role: 'admin' });
    const credentials = { email: 'unstamped@example.com', password: 'right-password' };
    // `next start` passes on whatever X-Forwarded-For the client sent, and stamps nothing.
    await expect(authenticateWithPassword(credentials, { 'x-forwarded-for': '192.0.2.1' })).rejects.toThrow(SIGN_IN_NEEDS_WEB_SERVER);
    await expect(authenticateWithPassword(credentials, undefined)).rejects.toThrow(SIGN_IN_NEEDS_WEB_SERVER);
    // A client that forges the stamp without the secret gets nowhere either.
    const forged = { ...stampClientAddress('192.0.2.1', 'not-the-secret-at-all'), 'x-forwarded-for': '192.0.2.1' };
    await expect(authenticateWithPassword(credentials, forged)).rejects.toThrow(SIGN_IN_NEEDS_WEB_SERVER);
    const reused = { ...stampClientAddress('192.0.2.1', env().NEXTAUTH_SECRET!), [CLIENT_ADDRESS_HEADER]: '192.0.2.2' };
    await expect(authenticateWithPassword(credentials, reused)).rejects.toThrow(SIGN_IN_NEEDS_WEB_SERVER);
    // Through our server it works.
    expect(await authenticateWithPassword(credentials, fromAddress('192.0.2.1'))).not.toBeNull();
  });
});
