import { describe, expect, it } from 'vitest';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { authenticateWithPassword } from '../lib/auth/auth-options';
import { createUser } from '../lib/auth/create-user';
import { LIMITS } from '../lib/http/rate-limit';
import { call, createKey, createOrganization } from './support/fixtures';

describe('rate limits', () => {
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

  it('limits sign-in attempts per email, even with the right password afterwards', async () => {
    const organization = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'limited@example.com', password: 'right-password', role: 'admin' });
    for (let attempt = 0; attempt < LIMITS.signInEmail.points; attempt += 1) {
      expect(await authenticateWithPassword({ email: 'limited@example.com', password: 'wrong' }, { 'x-forwarded-for': `10.0.0.${attempt}` })).toBeNull();
    }
    await expect(authenticateWithPassword({ email: 'limited@example.com', password: 'right-password' }, { 'x-forwarded-for': '10.0.1.1' })).rejects.toThrow('rate_limited');
  });

  it('limits sign-in attempts per address across emails', async () => {
    for (let attempt = 0; attempt < LIMITS.signInAddress.points; attempt += 1) {
      await authenticateWithPassword({ email: `nobody${attempt}@example.com`, password: 'x' }, { 'x-forwarded-for': '192.0.2.77' });
    }
    await expect(authenticateWithPassword({ email: 'someone@example.com', password: 'x' }, { 'x-forwarded-for': '192.0.2.77' })).rejects.toThrow('rate_limited');
  });
});
