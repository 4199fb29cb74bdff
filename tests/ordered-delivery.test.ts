import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as expungeRoute from '../app/api/v1/events/expunge/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// SPEC §2/§11 and issue #17 "Ordered delivery per key": with ordering "key", deliveries to a
// webhook that share an event's orderingKey are sent one at a time in the order the events
// were accepted; a failing delivery holds back later ones of its key until it succeeds or is
// exhausted (then the next goes and the delivery shows that order was broken there), while
// other keys flow; two workers never send two deliveries of one key at once.

// Two workers, as two processes would run: each its own pg-boss and pool.
const { receiver } = withWorkerAndReceiver({ workers: 2 });

type Body = { id: string; type: string; data: { donation: { id: number; amount_in_cents: number } } };

describe('ordered delivery per key', () => {
  it('sends one key at a time in acceptance order across two workers, with failing first attempts', async () => {
    const organizationId = (await createOrganization()).id;
    const key = await createKey(organizationId);
    const path = '/ordered';
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.*'], ordering: 'key', pingOnCreate: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.ordering).toBe('key');

    // Per key: requests in flight now, the most seen at once, and the events that succeeded, in order.
    const inFlight = new Map<string, number>();
    let overlap = 0;
    const succeeded = new Map<string, string[]>();
    const firstAttemptSeen = new Set<string>();
    receiver.reply(path, (request) => {
      const body = JSON.parse(request.body) as Body;
      const orderingKey = String(body.data.donation.id);
      const now = (inFlight.get(orderingKey) ?? 0) + 1;
      inFlight.set(orderingKey, now);
      overlap = Math.max(overlap, now);
      setTimeout(() => inFlight.set(orderingKey, (inFlight.get(orderingKey) ?? 1) - 1), 25);
      // The first attempt of every third event fails: later events of its key must wait for its retry.
      const sequence = body.data.donation.amount_in_cents % 100;
      if (sequence % 3 === 0 && !firstAttemptSeen.has(body.id)) {
        firstAttemptSeen.add(body.id);
        return { status: 503, delayMs: 20 };
      }
      succeeded.set(orderingKey, [...(succeeded.get(orderingKey) ?? []), body.id]);
      return { status: 200, delayMs: 20 };
    });

    const keys = 8;
    const perKey = 6;
    const accepted = new Map<string, string[]>();
    for (let sequence = 0; sequence < perKey; sequence += 1) {
      for (let k = 0; k < keys; k += 1) {
        const response = await call(eventsRoute.POST, {
          method: 'POST',
          key,
          body: { type: sequence === 0 ? 'donation.created' : 'donation.updated', data: { donation: { id: k, amount_in_cents: 100 * k + sequence } }, orderingKey: String(k) },
        });
        expect(response.status, JSON.stringify(response.body)).toBe(202);
        accepted.set(String(k), [...(accepted.get(String(k)) ?? []), response.body.eventId]);
      }
    }
    await receiver.waitFor(() => [...succeeded.values()].reduce((sum, ids) => sum + ids.length, 0) >= keys * perKey, 30_000).catch(async (error) => {
      const { pool } = await import('../lib/db');
      const state = await pool().query(`select d.id, d.status, d."attemptCount", o."orderingKey", o.parked, (select count(*) from pgboss.job j where j.data->>'deliveryId' = d.id) as jobs, (select string_agg(j.state || '@' || j.start_after::text, ',') from pgboss.job j where j.data->>'deliveryId' = d.id) as job_states from "Delivery" d join "OrderedDelivery" o on o."deliveryId" = d.id where d."webhookId" = $1 and d.status <> 'SUCCEEDED' order by o."orderingKey", d.id`, [created.body.webhookId]);
      console.log(JSON.stringify(state.rows, null, 1), JSON.stringify((await pool().query(`select * from "OrderingLease"`)).rows));
      throw error;
    });
    for (const [orderingKey, eventIds] of accepted) expect(succeeded.get(orderingKey), `key ${orderingKey}`).toEqual(eventIds);
    expect(overlap).toBe(1);
    // Recorded a moment after the receiver answered.
    const deadline = Date.now() + 10_000;
    while ((await db.delivery.count({ where: { webhookId: created.body.webhookId, status: { not: 'SUCCEEDED' } } })) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await db.delivery.count({ where: { webhookId: created.body.webhookId, status: { not: 'SUCCEEDED' } } })).toBe(0);
  });

  it('lets the next delivery of a key go once a failing one is exhausted, and marks where order broke; other keys flow', async () => {
    const organizationId = (await createOrganization()).id;
    const key = await createKey(organizationId);
    const path = '/ordered-exhausted';
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.created', 'donation.updated'], ordering: 'key', pingOnCreate: false } });
    const webhookId = created.body.webhookId as string;
    const order: number[] = [];
    // Event "1" of key A never succeeds (10 retries at the test scale: well under a second apart).
    receiver.reply(path, (request) => {
      const body = JSON.parse(request.body) as Body;
      if (body.data.donation.amount_in_cents === 1) return { status: 500 };
      order.push(body.data.donation.amount_in_cents);
      return { status: 200 };
    });
    const send = async (orderingKey: string, amount: number) => {
      const response = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.updated', data: { donation: { id: 9, amount_in_cents: amount } }, orderingKey } });
      expect(response.status).toBe(202);
      return response.body.eventId as string;
    };
    const failing = await send('A', 1);
    await send('A', 2);
    await send('B', 3);
    await receiver.waitFor(() => order.includes(3));
    // B flowed while A waited behind its failing delivery.
    expect(order).not.toContain(2);
    await receiver.waitFor(() => order.includes(2), 45_000);
    const exhausted = await db.delivery.findFirstOrThrow({ where: { webhookId, eventId: failing }, include: { ordered: true } });
    expect(exhausted.status).toBe('FAILED');
    expect(exhausted.ordered?.orderBroken).toBe(true);
    const shown = await call(webhookRoute.GET, { key, params: { id: webhookId } });
    expect(shown.body.ordering).toBe('key');
  });
  it('sends the next delivery of a key at once when the failing one before it is expunged (issue #18 expunge, #17 ordering)', async () => {
    const organizationId = (await createOrganization()).id;
    const key = await createKey(organizationId);
    const path = '/ordered-expunged';
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: receiver.url(path), events: ['donation.updated'], ordering: 'key', retryPolicy: 'exponential', pingOnCreate: false },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const webhookId = created.body.webhookId as string;
    const delivered: number[] = [];
    let failedAttempts = 0;
    receiver.reply(path, (request) => {
      const body = JSON.parse(request.body) as Body;
      if (body.data.donation.amount_in_cents === 1) {
        failedAttempts += 1;
        return { status: 500 };
      }
      delivered.push(body.data.donation.amount_in_cents);
      return { status: 200 };
    });
    const send = async (amount: number) => {
      const response = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.updated', data: { donation: { id: 7, amount_in_cents: amount } }, orderingKey: 'donor-7' } });
      expect(response.status).toBe(202);
      return response.body.eventId as string;
    };
    const failing = await send(1);
    await send(2);
    // The second waits behind the first, which keeps failing (exponential retries: minutes apart even at the test scale, after the first few).
    await receiver.waitFor(() => failedAttempts >= 1);
    for (let waited = 0; (await db.orderedDelivery.count({ where: { webhookId, parked: true } })) < 1; waited += 50) {
      expect(waited, 'the second delivery parks behind the first').toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(delivered).toEqual([]);

    const expunged = await call(expungeRoute.POST, { method: 'POST', key, body: { eventIds: [failing] } });
    expect(expunged.status, JSON.stringify(expunged.body)).toBe(200);
    console.log('injected: the failing first delivery of key donor-7 was expunged while the second was parked behind it');
    // Without a wake-up the second would wait for the hourly maintenance.
    await receiver.waitFor(() => delivered.includes(2), 10_000);
    const first = await db.delivery.findFirstOrThrow({ where: { webhookId, eventId: failing } });
    expect(first.status).toBe('FAILED');
    expect(first.lastError).toBe('The event was expunged');
    console.log('checked: the parked delivery was sent at once and the expunged one is FAILED by the expunge, not by running out of retries');
  });
});
