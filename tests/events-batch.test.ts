import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as batchRoute from '../app/api/v1/events/batch/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db, pool } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// Issue 19 item 2 and SPEC §7 `POST /events/batch`: up to 500 events, each checked as
// POST /events checks one, the valid ones stored (events, deliveries, jobs) in one
// transaction before the 200; per-item results in order; per-item idempotency keys with
// the Idempotency-Key header's meaning; the same scope and organization rules.

const { receiver } = withWorkerAndReceiver();

const donation = (id: number) => ({ type: 'donation.created', data: { donation: { id, amount_in_cents: 100 + id } } });

let pathCounter = 0;
async function createWebhook(key: string, body: Record<string, unknown> = {}) {
  pathCounter += 1;
  const path = `/batch-${pathCounter}`;
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.created'], pingOnCreate: false, ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { path, webhookId: response.body.webhookId as string };
}

const sendBatch = (key: string, events: unknown[]) => call(batchRoute.POST, { method: 'POST', key, body: { events } });

async function stored(organizationId: string) {
  const events = await db.event.count({ where: { organizationId } });
  const deliveries = await db.delivery.count({ where: { organizationId } });
  const keys = await db.idempotencyKey.count({ where: { organizationId } });
  const { rows } = await pool().query<{ count: number }>(
    `select count(*)::int as count from pgboss.job j join "Delivery" d on d.id = j.data->>'deliveryId' where d."organizationId" = $1`,
    [organizationId],
  );
  return { events, deliveries, keys, jobs: rows[0].count };
}

describe('POST /events/batch', () => {
  it('answers per item in order, stores and delivers the valid ones, stores nothing of the invalid ones', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const { path } = await createWebhook(key);
    const items = [
      donation(1),
      { type: 'donation.created', data: {} }, // data does not match the event
      donation(2),
      { type: 'no.such_event', data: {} },
      'not an object',
      { type: 'ping', data: {} }, // Tidings sends these itself
      { ...donation(3), surprise: true }, // unknown field
      donation(4),
    ];
    const response = await sendBatch(key, items);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const results = response.body.results as Record<string, any>[];
    expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const accepted = [0, 2, 7];
    for (const [index, result] of results.entries()) {
      if (accepted.includes(index)) {
        expect(result, `item ${index}`).toEqual({ index, eventId: expect.stringMatching(/^evt_/), deliveries: 1 });
      } else {
        expect(result.error.code, `item ${index}`).toBe('validation_failed');
        expect(typeof result.error.message).toBe('string');
      }
    }
    expect(results[1].error.issues.some((issue: { path: string }) => issue.path.startsWith('data'))).toBe(true);
    expect(results[3].error.issues[0].path).toBe('type');
    const eventIds = accepted.map((index) => results[index].eventId as string);
    expect(await stored(organization.id)).toMatchObject({ events: 3, deliveries: 3 });
    const rows = await db.event.findMany({ where: { organizationId: organization.id }, select: { id: true, data: true } });
    expect(rows.map((row) => row.id).sort()).toEqual([...eventIds].sort());
    expect(rows.map((row) => (row.data as { donation: { id: number } }).donation.id).sort()).toEqual([1, 2, 4]);

    await receiver.waitForCount(path, 3);
    const received = receiver.on(path).map((request) => (JSON.parse(request.body) as { id: string }).id);
    expect(received.sort()).toEqual([...eventIds].sort());
  });

  it('fans out, holds for paused webhooks, keeps ordering keys and pattern subscriptions, as POST /events does', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const active = await createWebhook(key, { events: ['donation.*'], ordering: 'key' });
    const paused = await createWebhook(key, { status: 'PAUSED' });
    const other = await createWebhook(key, { events: ['person.created'] });
    const response = await sendBatch(key, [
      { ...donation(10), orderingKey: 'donor-1' },
      { type: 'donation.updated', data: { donation: { id: 10, amount_in_cents: 5 } }, orderingKey: 'donor-1' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.results.map((result: { deliveries: number }) => result.deliveries)).toEqual([2, 1]);
    const deliveries = await db.delivery.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } });
    expect(deliveries.filter((delivery) => delivery.webhookId === paused.webhookId).map((delivery) => delivery.status)).toEqual(['HELD']);
    expect(deliveries.filter((delivery) => delivery.webhookId === other.webhookId)).toEqual([]);
    const ordered = await db.orderedDelivery.findMany({ where: { webhookId: active.webhookId }, orderBy: { deliveryId: 'asc' } });
    expect(ordered.map((row) => row.orderingKey)).toEqual(['donor-1', 'donor-1']);
    await receiver.waitForCount(active.path, 2);
    const types = receiver.on(active.path).map((request) => (JSON.parse(request.body) as { type: string }).type);
    expect(types).toEqual(['donation.created', 'donation.updated']);
  });

  it('refuses a body that is not an object with 1 to 500 events (400), and stores nothing', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await createWebhook(key);
    const tooMany = await sendBatch(key, Array.from({ length: 501 }, (_, index) => donation(index)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('validation_failed');
    for (const body of [{ events: [] }, { events: 'x' }, {}, [donation(1)], { events: [donation(1)], extra: 1 }]) {
      const response = await call(batchRoute.POST, { method: 'POST', key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await call(batchRoute.POST, { method: 'POST', key, rawBody: '{"events": [' });
    expect(notJson.status).toBe(400);
    expect(await stored(organization.id)).toEqual({ events: 0, deliveries: 0, keys: 0, jobs: 0 });
    // 500 is the limit, not past it.
    const full = await sendBatch(key, Array.from({ length: 500 }, (_, index) => donation(index)));
    expect(full.status).toBe(200);
    expect(full.body.results.every((result: { eventId?: string }) => result.eventId)).toBe(true);
    expect(await stored(organization.id)).toMatchObject({ events: 500, deliveries: 500 });
  });

  it('takes bodies over 256 KB up to 5 MB; each event stays limited to 256 KB', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const padded = (id: number, bytes: number) => ({ type: 'donation.created', data: { donation: { id, amount_in_cents: 1 }, note: 'x'.repeat(bytes) } });
    const response = await sendBatch(key, [padded(1, 200 * 1024), padded(2, 200 * 1024), padded(3, 300 * 1024)]);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    expect(response.body.results[0].eventId).toBeDefined();
    expect(response.body.results[1].eventId).toBeDefined();
    expect(response.body.results[2].error.code).toBe('payload_too_large');
    const tooLarge = await sendBatch(key, Array.from({ length: 30 }, (_, index) => padded(index, 200 * 1024)));
    expect(tooLarge.status).toBe(413);
    expect(await stored(organization.id)).toMatchObject({ events: 2 });
  });

  it('is idempotent per item: a resent batch answers the same ids and stores nothing twice; a key with another event is that item\'s 409', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await createWebhook(key);
    const items = [{ ...donation(1), idempotencyKey: 'order-1' }, { ...donation(2), idempotencyKey: 'order-2' }, donation(3)];
    const first = await sendBatch(key, items);
    expect(first.status).toBe(200);
    expect(await stored(organization.id)).toEqual({ events: 3, deliveries: 3, keys: 2, jobs: expect.any(Number) });
    const second = await sendBatch(key, items);
    expect(second.status).toBe(200);
    expect(second.body.results[0]).toEqual(first.body.results[0]);
    expect(second.body.results[1]).toEqual(first.body.results[1]);
    // The item without a key is a new event, as a POST /events without the header would be.
    expect(second.body.results[2].eventId).not.toBe(first.body.results[2].eventId);
    expect(await stored(organization.id)).toMatchObject({ events: 4, deliveries: 4, keys: 2 });

    const conflicting = await sendBatch(key, [{ ...donation(99), idempotencyKey: 'order-1' }, { ...donation(4), idempotencyKey: 'order-4' }]);
    expect(conflicting.status).toBe(200);
    expect(conflicting.body.results[0]).toMatchObject({ index: 0, error: { code: 'idempotency_conflict' } });
    expect(conflicting.body.results[1].eventId).toBeDefined();
    expect(await stored(organization.id)).toMatchObject({ events: 5, keys: 3 });

    // One key space with the Idempotency-Key header: the same event replays across routes.
    const viaHeader = await call(eventsRoute.POST, { method: 'POST', key, body: donation(1), headers: { 'idempotency-key': 'order-1' } });
    expect(viaHeader.status).toBe(202);
    expect(viaHeader.body).toEqual({ eventId: first.body.results[0].eventId, deliveries: 1 });
    const single = await call(eventsRoute.POST, { method: 'POST', key, body: donation(7), headers: { 'idempotency-key': 'single-7' } });
    const replayedInBatch = await sendBatch(key, [{ ...donation(7), idempotencyKey: 'single-7' }]);
    expect(replayedInBatch.body.results[0]).toEqual({ index: 0, ...single.body });

    // A key twice in one batch: the same event once, another event a conflict.
    const twice = await sendBatch(key, [
      { ...donation(20), idempotencyKey: 'dup' },
      { ...donation(20), idempotencyKey: 'dup' },
      { ...donation(21), idempotencyKey: 'dup' },
    ]);
    expect(twice.body.results[1]).toEqual({ ...twice.body.results[0], index: 1 });
    expect(twice.body.results[2].error.code).toBe('idempotency_conflict');
    expect(await db.event.count({ where: { organizationId: organization.id, data: { path: ['donation', 'id'], equals: 20 } } })).toBe(1);

    // An invalid item does not keep its key: fixed and resent, it is accepted.
    const invalid = await sendBatch(key, [{ type: 'donation.created', data: {}, idempotencyKey: 'fix-me' }]);
    expect(invalid.body.results[0].error.code).toBe('validation_failed');
    const fixed = await sendBatch(key, [{ ...donation(30), idempotencyKey: 'fix-me' }]);
    expect(fixed.body.results[0].eventId).toBeDefined();
  });

  it('one batch resent concurrently stores each keyed event once', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const items = Array.from({ length: 20 }, (_, index) => ({ ...donation(index), idempotencyKey: `k-${index}` }));
    const reversed = [...items].reverse();
    const responses = await Promise.all(Array.from({ length: 6 }, (_, index) => sendBatch(key, index % 2 ? reversed : items)));
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    expect(await db.event.count({ where: { organizationId: organization.id } })).toBe(20);
    const idsOf = (response: (typeof responses)[number], reverse: boolean) => {
      const ids = (response.body.results as { eventId: string }[]).map((result) => result.eventId);
      return reverse ? ids.reverse() : ids;
    };
    for (const [index, response] of responses.entries()) expect(idsOf(response, index % 2 === 1)).toEqual(idsOf(responses[0], false));
  });

  it('needs events:write: without it 403 and nothing stored; without a key 401', async () => {
    const organization = await createOrganization();
    const readOnly = await createKey(organization.id, ['webhooks:read', 'deliveries:read']);
    const response = await sendBatch(readOnly, [donation(1)]);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'insufficient_scope', missingScopes: ['events:write'] });
    const anonymous = await call(batchRoute.POST, { method: 'POST', body: { events: [donation(1)] } });
    expect(anonymous.status).toBe(401);
    expect(await stored(organization.id)).toEqual({ events: 0, deliveries: 0, keys: 0, jobs: 0 });
  });

  it('keeps organizations apart: a sub-organization is fine, another organization is that item\'s 404, its forms never match', async () => {
    const parent = await createOrganization();
    const child = await createOrganization({ parentId: parent.id });
    const stranger = await createOrganization();
    const key = await createKey(parent.id);
    const strangerKey = await createKey(stranger.id);
    const strangerForm = await db.form.create({ data: { id: `form_${Date.now().toString(36)}stranger`, organizationId: stranger.id, name: 'Theirs', externalId: 'their-form' } });
    const strangerHook = await createWebhook(strangerKey, { allForms: false, formIds: [strangerForm.id] });
    const strangerAll = await createWebhook(strangerKey);
    const response = await sendBatch(key, [
      { ...donation(1), organizationId: child.id },
      { ...donation(2), organizationId: stranger.id },
      { ...donation(3), formId: strangerForm.id },
      { ...donation(4), formId: 'their-form' },
    ]);
    expect(response.status).toBe(200);
    const [forChild, forStranger, withTheirFormId, withTheirExternalId] = response.body.results;
    expect(forChild.eventId).toBeDefined();
    expect(forStranger).toEqual({ index: 1, error: { code: 'organization_not_found', message: expect.any(String) } });
    expect(JSON.stringify(forStranger)).not.toContain(stranger.slug);
    // As POST /events: a form id the organization does not know is its own opaque text, matched to its own webhooks only.
    expect(withTheirFormId).toMatchObject({ eventId: expect.any(String), deliveries: 0 });
    expect(withTheirExternalId).toMatchObject({ eventId: expect.any(String), deliveries: 0 });
    expect(await db.event.count({ where: { organizationId: stranger.id } })).toBe(0);
    expect(await db.delivery.count({ where: { organizationId: stranger.id } })).toBe(0);
    expect(await db.delivery.count({ where: { webhookId: { in: [strangerHook.webhookId, strangerAll.webhookId] } } })).toBe(0);
    const stored = await db.event.findUniqueOrThrow({ where: { id: withTheirExternalId.eventId } });
    expect(stored.formId).toBe('their-form');
    expect(stored.organizationId).toBe(parent.id);
  });

  it('stores nothing when the transaction fails midway', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await createWebhook(key);
    // A database error on the third event's delivery, after two events and their rows were written.
    await pool().query(`
      create or replace function fail_batch_test() returns trigger language plpgsql as $$
      begin
        if new."eventId" in (select id from "Event" where data->'donation'->>'id' = '666') then raise exception 'forced failure'; end if;
        return new;
      end $$;
      create trigger fail_batch_test before insert on "Delivery" for each row execute function fail_batch_test();`);
    try {
      const response = await sendBatch(key, [{ ...donation(1), idempotencyKey: 'a' }, donation(2), donation(666)]);
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe('internal_error');
      expect(await stored(organization.id)).toEqual({ events: 0, deliveries: 0, keys: 0, jobs: 0 });
    } finally {
      await pool().query('drop trigger fail_batch_test on "Delivery"; drop function fail_batch_test()');
    }
    const retried = await sendBatch(key, [{ ...donation(1), idempotencyKey: 'a' }, donation(2)]);
    expect(retried.body.results.every((result: { eventId?: string }) => result.eventId)).toBe(true);
  });

  it('hostile items are each item\'s error, never a 5xx; text PostgreSQL cannot store is the body\'s 400', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await createWebhook(key);
    const hostile = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ field: fc.constantFrom('type', 'data', 'formId', 'resourceId', 'organizationId', 'orderingKey', 'idempotencyKey', 'extra'), value: fc.jsonValue({ maxDepth: 2 }) }).map(
        ({ field, value }) => ({ ...donation(5), [field]: value }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 12 }), async (items) => {
        const response = await sendBatch(key, items);
        expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
        expect(response.body.results.map((result: { index: number }) => result.index)).toEqual(items.map((_item, index) => index));
      }),
      { numRuns: 30, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    // Jobs leave the queue as the worker delivers: compare what stays.
    const kept = async () => ({ ...(await stored(organization.id)), jobs: 0 });
    const before = await kept();
    for (const text of ['a\u0000b', 'x\ud800']) {
      const response = await sendBatch(key, [donation(1), { ...donation(2), data: { donation: { id: 2, amount_in_cents: 1 }, note: text } }]);
      expect(response.status).toBe(400);
      expect(response.body.error.issues[0].path).toBe('events.1.data.note');
    }
    expect(await kept()).toEqual(before);
  });
});
