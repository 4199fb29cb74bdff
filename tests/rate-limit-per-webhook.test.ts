import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// SPEC §2 maxRequestsPerSecond and issue #17: the limit holds across all workers together;
// deliveries it holds back wait (no attempt counted, nothing failed).

// Two workers, as two processes would run: each its own pg-boss and pool.
const { receiver } = withWorkerAndReceiver({ workers: 2 });

describe('a rate limit per webhook', () => {
  it('holds 5 requests per second with two workers; every delivery succeeds at its first attempt', async () => {
    const organizationId = (await createOrganization()).id;
    const key = await createKey(organizationId);
    const path = '/limited';
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.created'], maxRequestsPerSecond: 5, pingOnCreate: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.maxRequestsPerSecond).toBe(5);
    const total = 30;
    const events = Array.from({ length: total }, (_, index) =>
      call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: { donation: { id: index, amount_in_cents: 100 } } } }),
    );
    for (const response of await Promise.all(events)) expect(response.status).toBe(202);
    await receiver.waitForCount(path, total, 30_000);

    // The receiver's count per wall-clock second.
    const perSecond = new Map<number, number>();
    for (const request of receiver.on(path)) {
      const second = Math.floor(request.receivedAt / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(5);
    const times = receiver.on(path).map((request) => request.receivedAt);
    // 30 requests at 5/s take about 6 s, not the fraction of a second they would unlimited.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(5_000);

    const deadline = Date.now() + 10_000;
    const webhookId = created.body.webhookId as string;
    while ((await db.delivery.count({ where: { webhookId, status: 'SUCCEEDED' } })) < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const deliveries = await db.delivery.findMany({ where: { webhookId } });
    expect(deliveries.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual(Array.from({ length: total }, () => ['SUCCEEDED', 1]));
    expect(receiver.on(path)).toHaveLength(total);
  });

  it('is editable: PATCH sets and clears it, and refuses what is not a positive whole number', async () => {
    const organizationId = (await createOrganization()).id;
    const key = await createKey(organizationId);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/editable'), events: ['donation.created'], pingOnCreate: false } });
    expect(created.body.maxRequestsPerSecond).toBeNull();
    const id = created.body.webhookId as string;
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { maxRequestsPerSecond: 20 } })).body.maxRequestsPerSecond).toBe(20);
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { maxRequestsPerSecond: null } })).body.maxRequestsPerSecond).toBeNull();
    for (const bad of [0, -1, 1.5, '5']) {
      expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { maxRequestsPerSecond: bad } })).status).toBe(400);
    }
  });
});
