import { afterEach, describe, expect, it } from 'vitest';
import * as resendRoute from '../app/api/v1/deliveries/[id]/resend/route';
import * as replayRoute from '../app/api/v1/webhooks/[id]/replay/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import { getEventType } from '../lib/events/catalog/definitions';
import { emitEvent } from '../lib/events/emit';
import { LIMITS } from '../lib/http/rate-limit';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from './support/fixtures';

// Issue 12 item 5 (fair sharing), the parts the API enforces: replay and resend share a
// low budget per organization (LIMITS.replayPerOrganization: 10 a minute), and an
// organization holds at most TIDINGS_MAX_WEBHOOKS_PER_ORG webhooks (default 100).

async function organizationWithDelivery() {
  const organization = await createOrganization();
  const { row } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['person.created'], status: 'PAUSED' } });
  const emitted = await emitEvent({ organizationId: organization.id, type: 'person.created', data: getEventType('person.created')!.sample(), onlyWebhookId: row.id });
  return { organization, webhookId: row.id, deliveryId: emitted.deliveries[0].id };
}

afterEach(() => {
  delete process.env.TIDINGS_MAX_WEBHOOKS_PER_ORG;
  resetEnvCache();
});

describe('replay and resend budget per organization', () => {
  it('answers 429 with Retry-After after 10 replays/resends a minute, shared by both and by every key; other organizations unaffected', async () => {
    expect(LIMITS.replayPerOrganization).toMatchObject({ points: 10, duration: 60 });
    const mine = await organizationWithDelivery();
    const keyA = await createKey(mine.organization.id, ['deliveries:write', 'webhooks:write', 'view:contacts']);
    const keyB = await createKey(mine.organization.id, ['deliveries:write', 'webhooks:write', 'view:contacts']);
    // A refused request spends nothing: a key without the event scope, and an unknown id.
    const unscoped = await createKey(mine.organization.id, ['deliveries:write']);
    for (let index = 0; index < 12; index += 1) {
      expect((await call(resendRoute.POST, { method: 'POST', key: unscoped, params: { id: mine.deliveryId } })).status).toBe(403);
      expect((await call(resendRoute.POST, { method: 'POST', key: keyA, params: { id: 'msg_nosuchdelivery' } })).status).toBe(404);
    }
    for (let index = 0; index < 5; index += 1) {
      expect((await call(resendRoute.POST, { method: 'POST', key: keyA, params: { id: mine.deliveryId } })).status).toBe(202);
      expect((await call(replayRoute.POST, { method: 'POST', key: keyB, params: { id: mine.webhookId }, body: { since: 1, status: 'PENDING' } })).status).toBe(202);
    }
    const limited = await call(resendRoute.POST, { method: 'POST', key: keyA, params: { id: mine.deliveryId } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const replayLimited = await call(replayRoute.POST, { method: 'POST', key: keyB, params: { id: mine.webhookId }, body: { since: 1, status: 'PENDING' } });
    expect(replayLimited.status).toBe(429);
    // Another organization has its own budget.
    const theirs = await organizationWithDelivery();
    const theirKey = await createKey(theirs.organization.id, ['deliveries:write', 'view:contacts']);
    expect((await call(resendRoute.POST, { method: 'POST', key: theirKey, params: { id: theirs.deliveryId } })).status).toBe(202);
    // Other operations of the limited organization still work.
    expect((await call(webhooksRoute.GET, { key: await createKey(mine.organization.id, ['webhooks:read']) })).status).toBe(200);
  });
});

describe('TIDINGS_MAX_WEBHOOKS_PER_ORG', () => {
  it('defaults to 100', async () => {
    resetEnvCache();
    const { env } = await import('../lib/env');
    expect(env().TIDINGS_MAX_WEBHOOKS_PER_ORG).toBe(100);
  });

  it('refuses one more webhook than the cap with 409 limit_reached; deleting one makes room; other organizations unaffected', async () => {
    process.env.TIDINGS_MAX_WEBHOOKS_PER_ORG = '3';
    resetEnvCache();
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: `https://example.com/${index}`, events: ['person.created'] } });
      expect(created.status).toBe(201);
      ids.push(created.body.webhookId);
    }
    const refused = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/fourth', events: ['person.created'] } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('limit_reached');
    expect(refused.body.error.message).toContain('TIDINGS_MAX_WEBHOOKS_PER_ORG');
    expect(refused.body.error.message).toContain('3');
    expect(await db.webhook.count({ where: { organizationId: organization.id } })).toBe(3);

    const other = await createOrganization();
    expect((await call(webhooksRoute.POST, { method: 'POST', key: await createKey(other.id), body: { url: 'https://example.com/other', events: ['person.created'] } })).status).toBe(201);

    expect((await call(webhookRoute.DELETE, { method: 'DELETE', key, params: { id: ids[0] } })).status).toBe(204);
    expect((await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/again', events: ['person.created'] } })).status).toBe(201);
  });

  it('holds under concurrent creates: exactly the cap succeeds', async () => {
    process.env.TIDINGS_MAX_WEBHOOKS_PER_ORG = '3';
    resetEnvCache();
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => call(webhooksRoute.POST, { method: 'POST', key, body: { url: `https://example.com/race-${index}`, events: ['person.created'] } })),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await db.webhook.count({ where: { organizationId: organization.id } })).toBe(3);
  });
});
