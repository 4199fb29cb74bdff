import { describe, expect, it } from 'vitest';
import * as apiKeyRoute from '../app/api/v1/api-keys/[id]/route';
import * as apiKeysRoute from '../app/api/v1/api-keys/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { hashApiKeyToken } from '../lib/api-keys/api-key-token';
import { updateApiKey } from '../lib/api-keys/update-api-key';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

// README "Rate limits": one API key may send 1,200 requests a minute unless an owner or admin
// sets its own limit (console, CLI, PATCH /api-keys/{id}); every answer to a key carries
// RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and a 429 also Retry-After.

async function keyId(token: string): Promise<string> {
  return (await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKeyToken(token) } })).id;
}

describe('API key rate limits', () => {
  it('a key without its own limit gets 1,200 requests a minute, and every answer says what is left', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['webhooks:read']);
    const first = await call(webhooksRoute.GET, { key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('1200');
    expect(first.headers.get('ratelimit-remaining')).toBe('1199');
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(reset).toBeLessThanOrEqual(60);
    const second = await call(webhooksRoute.GET, { key });
    expect(second.headers.get('ratelimit-remaining')).toBe('1198');
    // Refusals count and say so too.
    const refused = await call(webhooksRoute.POST, { method: 'POST', key, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('ratelimit-remaining')).toBe('1197');
  });

  it("a key's own limit: the request past it is a 429 with Retry-After and the RateLimit fields", async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['events:write']);
    await updateApiKey({ organizationId: organization.id, apiKeyId: await keyId(key), rateLimitPerMinute: 3 });
    const event = { type: 'person.created', data: { signup: { id: 1 } } };
    for (let index = 0; index < 3; index += 1) {
      const accepted = await call(eventsRoute.POST, { method: 'POST', key, body: event });
      expect(accepted.status).toBe(202);
      expect(accepted.headers.get('ratelimit-limit')).toBe('3');
      expect(accepted.headers.get('ratelimit-remaining')).toBe(String(2 - index));
    }
    const limited = await call(eventsRoute.POST, { method: 'POST', key, body: event });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toContain('3 requests a minute');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Raised, the same key goes on at once: its spent points count against the new budget.
    await updateApiKey({ organizationId: organization.id, apiKeyId: await keyId(key), rateLimitPerMinute: 6_000 });
    const raised = await call(eventsRoute.POST, { method: 'POST', key, body: event });
    expect(raised.status).toBe(202);
    expect(raised.headers.get('ratelimit-limit')).toBe('6000');
  });

  it('only a console owner or admin sets a limit: an API key is refused, whatever its scopes; bad values are a 400', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const id = await keyId(key);
    const byKey = await call(apiKeyRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { rateLimitPerMinute: 100_000 } });
    expect(byKey.status).toBe(403);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).rateLimitPerMinute).toBeNull();
    const created = await call(apiKeysRoute.POST, { method: 'POST', key, body: { name: 'x', scopes: ['events:write'], rateLimitPerMinute: 10 } });
    expect(created.status).toBe(403);
    for (const bad of [0, -1, 1.5, 120_001, '100']) {
      const { ZUpdateApiKey } = await import('../lib/api-keys/api-key-schema');
      expect(ZUpdateApiKey.safeParse({ rateLimitPerMinute: bad }).success, String(bad)).toBe(false);
    }
  });
});
