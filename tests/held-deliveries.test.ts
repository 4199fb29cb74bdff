import { beforeEach, describe, expect, it } from 'vitest';
import * as batchRoute from '../app/api/v1/events/batch/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as resumeRoute from '../app/api/v1/webhooks/[id]/resume/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { withTransaction } from '../lib/db-transaction';
import { emitEvent } from '../lib/events/emit';
import { resetEnvCache } from '../lib/env';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// SPEC §11 "Nothing is dropped while a webhook is off" and §7 POST /webhooks/{id}/resume:
// events matching a PAUSED or DISABLED webhook are recorded as HELD deliveries; resuming
// sends them in their original order, or discards them; at most
// TIDINGS_MAX_HELD_PER_WEBHOOK are kept per webhook, and what is past it shows on the webhook.
// One request at a time per webhook here, so the receiver sees the order they were sent in.
process.env.TIDINGS_WORKER_PER_WEBHOOK_CONCURRENCY = '1';
process.env.TIDINGS_MAX_HELD_PER_WEBHOOK = '5';
resetEnvCache();

const { receiver } = withWorkerAndReceiver();

let key: string;
let pathCounter = 0;
beforeEach(async () => {
  const organization = await createOrganization();
  key = await createKey(organization.id);
});

function freshPath(): string {
  pathCounter += 1;
  return `/held-${pathCounter}`;
}

async function createPausedWebhook(path: string, events: string[] = ['donation.created']) {
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events, status: 'PAUSED', pingOnCreate: false } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { webhookId: string };
}

async function sendDonations(count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let index = from; index < from + count; index += 1) {
    const response = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: { donation: { id: 1000 + index, amount_in_cents: 100 + index } } } });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    ids.push(response.body.eventId);
  }
  return ids;
}

describe('held deliveries', () => {
  it('holds events while paused and sends them in their original order on resume with "send"', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    const eventIds = await sendDonations(5);

    const listed = await call(webhookDeliveriesRoute.GET, { key, params: { id: webhook.webhookId }, path: `/api/v1/webhooks/${webhook.webhookId}/deliveries?status=HELD` });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(5);
    expect(new Set(listed.body.data.map((delivery: { status: string }) => delivery.status))).toEqual(new Set(['HELD']));
    expect((await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } })).body.heldDeliveries).toBe(5);
    // Nothing goes out while paused.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on(path)).toHaveLength(0);

    const resumed = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { held: 'send' } });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toEqual({ sent: 5, discarded: 0 });
    await receiver.waitForCount(path, 5);
    const received = receiver.on(path).map((request) => (JSON.parse(request.body) as { id: string }).id);
    expect(received).toEqual(eventIds);
    const after = await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(after.body).toMatchObject({ status: 'ACTIVE', heldDeliveries: 0 });
  });

  it('discards what was held on resume with "discard": nothing is sent, later events are', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    await sendDonations(3);
    const resumed = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { held: 'discard' } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ sent: 0, discarded: 3 });
    expect(await db.delivery.count({ where: { webhookId: webhook.webhookId } })).toBe(0);
    const [after] = await sendDonations(1, 50);
    await receiver.waitForCount(path, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on(path).map((request) => (JSON.parse(request.body) as { id: string }).id)).toEqual([after]);
  });

  it('holds for a DISABLED webhook too, and resuming re-enables it', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    await db.webhook.update({ where: { id: webhook.webhookId }, data: { status: 'DISABLED', disabledReason: 'The receiver answered 410 Gone', disabledAt: new Date() } });
    await sendDonations(2);
    expect(await db.delivery.count({ where: { webhookId: webhook.webhookId, status: 'HELD' } })).toBe(2);
    const resumed = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { held: 'send' } });
    expect(resumed.body).toEqual({ sent: 2, discarded: 0 });
    await receiver.waitForCount(path, 2);
    const row = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect(row).toMatchObject({ status: 'ACTIVE', disabledReason: null });
  });

  it('keeps at most TIDINGS_MAX_HELD_PER_WEBHOOK and counts the events past it on the webhook', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    await sendDonations(8);
    expect(await db.delivery.count({ where: { webhookId: webhook.webhookId, status: 'HELD' } })).toBe(5);
    const shown = await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(shown.body.heldDeliveries).toBe(5);
    expect(shown.body.heldOverflow.count).toBe(3);
    expect(typeof shown.body.heldOverflow.lastAt).toBe('number');
  });

  it('keeps the same cap for a batch (POST /events/batch): the first events are held, the rest counted, and resuming sends them in order', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    await sendDonations(2);
    const events = Array.from({ length: 6 }, (_, index) => ({ type: 'donation.created', data: { donation: { id: 2000 + index, amount_in_cents: 1 } } }));
    const response = await call(batchRoute.POST, { method: 'POST', key, body: { events } });
    expect(response.status).toBe(200);
    expect(response.body.results.map((result: { deliveries: number }) => result.deliveries)).toEqual([1, 1, 1, 0, 0, 0]);
    const shown = await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(shown.body.heldDeliveries).toBe(5);
    expect(shown.body.heldOverflow.count).toBe(3);
    const resumed = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { held: 'send' } });
    expect(resumed.status).toBe(200);
    await receiver.waitForCount(path, 5);
    const ids = receiver.on(path).map((request) => (JSON.parse(request.body) as { data: { donation: { id: number } } }).data.donation.id);
    expect(ids).toEqual([1000, 1001, 2000, 2001, 2002]);
  });

  it('refuses a resume body that is not send or discard, and another organization\'s webhook', async () => {
    const path = freshPath();
    const webhook = await createPausedWebhook(path);
    const bad = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { held: 'later' } });
    expect(bad.status).toBe(400);
    const otherKey = await createKey((await createOrganization()).id);
    const foreign = await call(resumeRoute.POST, { method: 'POST', key: otherKey, params: { id: webhook.webhookId }, body: { held: 'send' } });
    expect(foreign.status).toBe(404);
  });

  it('holds a queued delivery whose webhook was paused before the worker sent it', async () => {
    const path = freshPath();
    const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.created'], pingOnCreate: false } });
    const webhookId = response.body.webhookId as string;
    const organizationId = (await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).organizationId;
    // Queued while ACTIVE, paused in the same transaction: the worker finds the job of a paused webhook.
    const emitted = await withTransaction(async (client) => {
      const result = await emitEvent({ organizationId, type: 'donation.created', data: { donation: { id: 7, amount_in_cents: 700 } } }, client);
      await client.query(`update "Webhook" set status = 'PAUSED' where id = $1`, [webhookId]);
      return result;
    });
    const deliveryId = emitted.deliveries[0].id;
    const deadline = Date.now() + 10_000;
    while ((await db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status !== 'HELD' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe('HELD');
    expect(receiver.on(path)).toHaveLength(0);
    const resumed = await call(resumeRoute.POST, { method: 'POST', key, params: { id: webhookId }, body: { held: 'send' } });
    expect(resumed.body).toEqual({ sent: 1, discarded: 0 });
    await receiver.waitForCount(path, 1);
  });
});
