import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db, pool } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// Issue 19 item 2, group commit: concurrent POST /events requests may share one transaction,
// yet each answers exactly as it would alone (status, body, Idempotent-Replayed), only once
// its event is durable (event, deliveries, queue jobs), and one request's failure never
// fails another's (docs/delivery-semantics.md#group-commit).

const { receiver } = withWorkerAndReceiver();

const donation = (id: number) => ({ type: 'donation.created', data: { donation: { id, amount_in_cents: 100 + id } } });

let pathCounter = 0;

/** An organization with an API key and one webhook for donation.created to its own receiver path. */
async function createClient() {
  const organization = await createOrganization();
  const key = await createKey(organization.id);
  pathCounter += 1;
  const path = `/group-${pathCounter}`;
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['donation.created'], pingOnCreate: false } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { organizationId: organization.id, key, path };
}

const send = (key: string, body: unknown, headers: Record<string, string> = {}) => call(eventsRoute.POST, { method: 'POST', key, body, headers });

/** Each 202'd event is stored with one delivery, and the receiver got that delivery, once. */
async function expectStoredAndDelivered(client: { organizationId: string; path: string }, eventIds: string[]) {
  const events = await db.event.findMany({ where: { organizationId: client.organizationId }, select: { id: true } });
  expect(events.map((event) => event.id).sort()).toEqual([...eventIds].sort());
  const deliveries = await db.delivery.findMany({ where: { organizationId: client.organizationId }, select: { eventId: true } });
  expect(deliveries.map((delivery) => delivery.eventId).sort()).toEqual([...eventIds].sort());
  // The worker only sends what has a queue job: every delivery reaching the receiver shows its job existed.
  await receiver.waitForCount(client.path, eventIds.length);
  const received = receiver.on(client.path).map((request) => (JSON.parse(request.body) as { id: string }).id);
  expect(received.sort()).toEqual([...eventIds].sort());
}

describe('POST /events under concurrency (group commit)', () => {
  it('gives each of many concurrent requests, of several organizations, its own event and delivery', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => createClient()));
    const requests = clients.flatMap((client, clientIndex) => Array.from({ length: 8 }, (_, index) => ({ client, id: clientIndex * 100 + index })));
    const responses = await Promise.all(requests.map(({ client, id }) => send(client.key, donation(id))));
    for (const response of responses) {
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      expect(response.body).toEqual({ eventId: expect.stringMatching(/^evt_/), deliveries: 1 });
      expect(response.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(new Set(responses.map((response) => response.body.eventId)).size).toBe(requests.length);
    for (const client of clients) {
      const mine = responses.filter((_response, index) => requests[index].client === client).map((response) => response.body.eventId as string);
      await expectStoredAndDelivered(client, mine);
      // Each event carries the data its own request sent.
      const stored = await db.event.findMany({ where: { organizationId: client.organizationId }, select: { id: true, data: true } });
      for (const [index, response] of responses.entries()) {
        if (requests[index].client !== client) continue;
        const row = stored.find((event) => event.id === response.body.eventId)!;
        expect((row.data as { donation: { id: number } }).donation.id).toBe(requests[index].id);
      }
    }
  });

  it('answers Idempotency-Key replays and conflicts among concurrent requests as it would alone', async () => {
    const client = await createClient();
    const first = await send(client.key, donation(1), { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(202);
    const other = await createClient();
    const responses = await Promise.all([
      ...Array.from({ length: 6 }, (_, index) => send(other.key, donation(10 + index))),
      send(client.key, donation(1), { 'idempotency-key': 'order-1' }), // replay of the first
      send(client.key, donation(2), { 'idempotency-key': 'order-1' }), // same key, another body
      ...Array.from({ length: 4 }, () => send(client.key, donation(3), { 'idempotency-key': 'order-3' })), // one new key, four times
      send(other.key, donation(1), { 'idempotency-key': 'order-1' }), // the same key in another organization is another key
    ]);
    const [replay, conflict, ...rest] = responses.slice(6);
    const sameNewKey = rest.slice(0, 4);
    const otherOrganization = rest[4];
    for (const response of responses.slice(0, 6)) expect(response.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect(sameNewKey.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(sameNewKey.map((response) => response.body.eventId)).size).toBe(1);
    expect(sameNewKey.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
    expect(otherOrganization.status).toBe(202);
    expect(otherOrganization.body.eventId).not.toBe(first.body.eventId);
    expect(otherOrganization.headers.get('idempotent-replayed')).toBeNull();

    await expectStoredAndDelivered(client, [first.body.eventId, sameNewKey[0].body.eventId]);
    await expectStoredAndDelivered(other, [...responses.slice(0, 6), otherOrganization].map((response) => response.body.eventId));
  });

  it('fails only the request whose event the database refuses; the others are stored and delivered', async () => {
    const clients = await Promise.all(Array.from({ length: 3 }, () => createClient()));
    // A database-level failure for one event only: a trigger refusing donation 13 in this test's database.
    await pool().query(`
      create function refuse_donation_13() returns trigger language plpgsql as $$
      begin
        if new.data->'donation'->>'id' = '13' then raise exception 'refused by the test' using errcode = 'check_violation'; end if;
        return new;
      end $$;
      create trigger refuse_donation_13 before insert on "Event" for each row execute function refuse_donation_13();`);
    try {
      const requests = clients.flatMap((client, clientIndex) => Array.from({ length: 6 }, (_, index) => ({ client, id: 20 + clientIndex * 10 + index })));
      const responses = await Promise.all([
        ...requests.map(({ client, id }) => send(client.key, donation(id))),
        send(clients[0].key, donation(13), { 'idempotency-key': 'refused' }),
        send(clients[1].key, { type: 'donation.created', data: {} }), // not valid: its own 400
      ]);
      const [refused, invalid] = responses.slice(requests.length);
      expect(refused.status).toBe(500);
      expect(refused.body.error.code).toBe('internal_error');
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe('validation_failed');
      for (const [index, client] of clients.entries()) {
        const mine = responses.slice(0, requests.length).filter((_response, position) => requests[position].client === client);
        for (const response of mine) expect(response.status, JSON.stringify(response.body)).toBe(202);
        expect(new Set(mine.map((response) => response.body.eventId)).size, `client ${index}`).toBe(mine.length);
        await expectStoredAndDelivered(client, mine.map((response) => response.body.eventId));
      }
    } finally {
      await pool().query('drop trigger refuse_donation_13 on "Event"; drop function refuse_donation_13()');
    }
    // The refused request kept nothing, its key included: sent again, it is accepted as new.
    const again = await send(clients[0].key, donation(13), { 'idempotency-key': 'refused' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});
