import { beforeAll, describe, expect, it } from 'vitest';
import * as deliveriesRoute from '../app/api/v1/deliveries/route';
import * as deliveryRoute from '../app/api/v1/deliveries/[id]/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import { db } from '../lib/db';
import { emitEvent } from '../lib/events/emit';
import { getEventType } from '../lib/events/catalog/definitions';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from './support/fixtures';

// Delivery search (issue 18 item 1; SPEC §7 GET /deliveries): filters by event type
// (exact or group.*), status, form, resource, time range and text inside the payload,
// all combinable, newest first, cursor-paged; bad input is a 400 naming the field; a key
// sees only deliveries of event types its event scopes cover; another organization's
// deliveries never show.

type Org = { id: string };
let orgA: Org;
let orgB: Org;
let keyA: string;
let keyB: string;
let webhookA1: string;
let webhookA2: string;
let galaFormId: string;
const ids: Record<string, string> = {};

function donation(email: string, orderNumber: string, firstName: string) {
  const data = structuredClone(getEventType('donation.created')!.sample()) as { donation: { donor: { email: string; first_name: string }; check_number: string } };
  data.donation.donor.email = email;
  data.donation.donor.first_name = firstName;
  data.donation.check_number = orderNumber;
  return data;
}

function person(email: string) {
  const data = structuredClone(getEventType('person.created')!.sample()) as { signup: { email1: string } };
  data.signup.email1 = email;
  return data;
}

async function list(query: string, key = keyA) {
  return call(deliveriesRoute.GET, { key, path: `/api/v1/deliveries${query ? `?${query}` : ''}` });
}

async function ids_of(query: string, key = keyA): Promise<string[]> {
  const response = await list(query, key);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data.map((row: { id: string }) => row.id);
}

/** Every page of a query, following nextCursor. */
async function allPages(query: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const response = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    pages.push(response.body.data.map((row: { id: string }) => row.id));
    cursor = response.body.nextCursor;
  } while (cursor);
  return pages;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
  orgA = await createOrganization({ slug: 'search-a' });
  orgB = await createOrganization({ slug: 'search-b' });
  keyA = await createKey(orgA.id);
  keyB = await createKey(orgB.id);
  // No worker runs: every delivery stays PENDING unless a test sets its status.
  webhookA1 = (await createWebhook({ organizationId: orgA.id, data: { url: 'https://example.com/a1', events: ['*'] } })).row.id;
  webhookA2 = (await createWebhook({ organizationId: orgA.id, data: { url: 'https://example.com/a2', events: ['donation.created'] } })).row.id;
  await createWebhook({ organizationId: orgB.id, data: { url: 'https://example.com/b', events: ['*'] } });
  galaFormId = (await db.form.create({ data: { id: 'form_searchgala000000000000000', organizationId: orgA.id, name: 'Gala', externalId: 'gala-2026' } })).id;

  const emitted = async (name: string, input: Parameters<typeof emitEvent>[0]) => {
    const result = await emitEvent(input);
    ids[name] = result.eventId;
    await pause();
    return result;
  };
  await emitted('aliceDonation', { organizationId: orgA.id, type: 'donation.created', data: donation('alice.donor@example.org', 'ORDER-77123', 'Alice'), formId: 'gala-2026' });
  await emitted('bobDonation', { organizationId: orgA.id, type: 'donation.updated', data: donation('bob@example.org', 'ORDER-88001', 'Bob'), resourceId: 'donation-42' });
  await emitted('carolPerson', { organizationId: orgA.id, type: 'person.created', data: person('carol@example.org') });
  await emitted('percentPerson', { organizationId: orgA.id, type: 'person.created', data: person('x%_y@example.org') });
  // Organization B holds Alice's email too: it must never show to A, nor A's to B.
  await emitted('bAlice', { organizationId: orgB.id, type: 'donation.created', data: donation('alice.donor@example.org', 'ORDER-77123', 'Alice') });
  // Twenty more for paging.
  for (let index = 0; index < 20; index += 1) {
    await emitEvent({ organizationId: orgA.id, type: 'contact.tag_added', data: structuredClone(getEventType('contact.tag_added')!.sample()) as Record<string, unknown> });
    await pause();
  }
  const bob = await db.delivery.findFirstOrThrow({ where: { eventId: ids.bobDonation } });
  await db.delivery.update({ where: { id: bob.id }, data: { status: 'FAILED' } });
});

const deliveriesOf = async (eventName: string) =>
  (await db.delivery.findMany({ where: { eventId: ids[eventName] }, orderBy: { id: 'desc' }, select: { id: true, webhookId: true } }));

describe('GET /deliveries search', () => {
  it('finds a donor by the email inside the payload, case-insensitively, and only in the caller’s organization', async () => {
    const alice = await deliveriesOf('aliceDonation');
    expect(alice).toHaveLength(2); // webhook A1 (*) and A2 (donation.created)
    expect(await ids_of('q=alice.donor%40example.org')).toEqual(alice.map((row) => row.id));
    expect(await ids_of('q=ALICE.DONOR')).toEqual(alice.map((row) => row.id));
    // A name and an order number find it too.
    expect(await ids_of('q=ORDER-77123')).toEqual(alice.map((row) => row.id));
    const bAlice = await deliveriesOf('bAlice');
    expect(await ids_of('q=alice.donor%40example.org', keyB)).toEqual(bAlice.map((row) => row.id));
    expect(await ids_of('q=carol%40example.org', keyB)).toEqual([]);
  });

  it('finds by the start of a word, and gives no character of q a special meaning', async () => {
    const alice = await deliveriesOf('aliceDonation');
    expect(await ids_of('q=alice.don')).toEqual(alice.map((row) => row.id));
    expect(await ids_of(`q=${encodeURIComponent("alice.donor@example.org & !bob | 'x")}`)).toEqual([]);
    const percent = await deliveriesOf('percentPerson');
    expect(await ids_of(`q=${encodeURIComponent('x%_y@')}`)).toEqual(percent.map((row) => row.id));
    // As wildcards they would match every payload; they are no word of any payload.
    expect(await ids_of(`q=${encodeURIComponent('%%%')}`)).toEqual([]);
    expect(await ids_of(`q=${encodeURIComponent('___')}`)).toEqual([]);
  });

  it('filters by exact event type and by group.*', async () => {
    const aliceIds = (await deliveriesOf('aliceDonation')).map((row) => row.id);
    const bobIds = (await deliveriesOf('bobDonation')).map((row) => row.id);
    expect(await ids_of('event=donation.created')).toEqual(aliceIds);
    expect(await ids_of('event=donation.*')).toEqual([...bobIds, ...aliceIds]);
    expect((await ids_of('event=contact.*&limit=100')).length).toBe(20);
  });

  it('filters by status, webhook, form (either id), resource and time range, and combines them', async () => {
    const alice = await deliveriesOf('aliceDonation');
    const bob = await deliveriesOf('bobDonation');
    expect(await ids_of('status=FAILED')).toEqual(bob.map((row) => row.id));
    expect(await ids_of(`formId=${galaFormId}`)).toEqual(alice.map((row) => row.id));
    expect(await ids_of('formId=gala-2026')).toEqual(alice.map((row) => row.id));
    expect(await ids_of('resourceId=donation-42')).toEqual(bob.map((row) => row.id));
    const onA2 = alice.filter((row) => row.webhookId === webhookA2).map((row) => row.id);
    expect(await ids_of(`webhookId=${webhookA2}&q=alice`)).toEqual(onA2);
    expect(await ids_of(`event=donation.*&status=FAILED&q=bob%40example.org`)).toEqual(bob.map((row) => row.id));
    expect(await ids_of('event=donation.created&status=FAILED')).toEqual([]);
    expect(await ids_of(`formId=gala-2026&q=bob`)).toEqual([]);

    // Time range: since/until bound the creation time (unix seconds or ISO 8601).
    const aliceRow = await db.delivery.findFirstOrThrow({ where: { id: alice[0].id } });
    const later = new Date(aliceRow.createdAt.getTime() + 3_600_000);
    expect(await ids_of(`since=${Math.floor(later.getTime() / 1000)}`)).toEqual([]);
    const all = await ids_of('limit=100');
    expect(await ids_of(`limit=100&until=${encodeURIComponent(later.toISOString())}`)).toEqual(all);
    expect(await ids_of(`limit=100&since=1&until=${Math.floor(later.getTime() / 1000)}&q=alice`)).toEqual(alice.map((row) => row.id));
  });

  it('the same search on one webhook’s list', async () => {
    const alice = await deliveriesOf('aliceDonation');
    const response = await call(webhookDeliveriesRoute.GET, { key: keyA, params: { id: webhookA1 }, path: `/api/v1/webhooks/${webhookA1}/deliveries?q=alice.donor&event=donation.*` });
    expect(response.status).toBe(200);
    expect(response.body.data.map((row: { id: string }) => row.id)).toEqual(alice.filter((row) => row.webhookId === webhookA1).map((row) => row.id));
  });

  it('pages with a stable cursor: every row once, newest first, also while new deliveries arrive', async () => {
    const everything = await ids_of('limit=100');
    expect(everything).toEqual((await db.delivery.findMany({ where: { organizationId: orgA.id }, orderBy: { id: 'desc' }, select: { id: true } })).map((row) => row.id));
    const pages = await allPages('event=contact.tag_added', 6);
    expect(pages.map((page) => page.length)).toEqual([6, 6, 6, 2]);
    const flat = pages.flat();
    expect(new Set(flat).size).toBe(20);
    expect(flat).toEqual([...flat].sort().reverse());

    // A new delivery after the first page does not shift the next pages.
    const first = await list('event=contact.tag_added&limit=6');
    await emitEvent({ organizationId: orgA.id, type: 'contact.tag_added', data: structuredClone(getEventType('contact.tag_added')!.sample()) as Record<string, unknown> });
    const second = await list(`event=contact.tag_added&limit=6&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((row: { id: string }) => row.id)).toEqual(pages[1]);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [string, string][] = [
      ['q=ab', 'q'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['event=donation.nope', 'event'],
      ['event=nothing.*', 'event'],
      ['status=DONE', 'status'],
      ['since=yesterday', 'since'],
      ['until=-5', 'until'],
      ['since=2000&until=1000', 'until'],
      ['limit=0', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`formId=${'f'.repeat(101)}`, 'formId'],
      [`resourceId=${'r'.repeat(101)}`, 'resourceId'],
    ];
    for (const [query, field] of cases) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.issues.map((issue: { path: string }) => issue.path), query).toContain(field);
    }
  });

  it('lists only the event types the key’s event scopes cover (least privilege)', async () => {
    const contactsOnly = await createKey(orgA.id, ['deliveries:read', 'view:contacts']);
    const rows = (await list('limit=100', contactsOnly)).body.data as { eventType: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(['person.created', 'contact.tag_added', 'ping']).toContain(row.eventType);
    expect(rows.filter((row) => row.eventType === 'contact.tag_added')).toHaveLength(21);
    // A payload search cannot reveal a donor to a key that may not read donations.
    expect((await list('q=alice.donor', contactsOnly)).body.data).toEqual([]);
    // Naming a type it may not read is a 403 that names the scope.
    const refused = await list('event=donation.created', contactsOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error.missingScopes).toEqual(['view:transactions']);
    // So is opening one of those deliveries.
    const alice = await deliveriesOf('aliceDonation');
    const detail = await call(deliveryRoute.GET, { key: contactsOnly, params: { id: alice[0].id }, path: `/api/v1/deliveries/${alice[0].id}` });
    expect(detail.status).toBe(403);
    expect(detail.body.error.missingScopes).toEqual(['view:transactions']);
    const allowed = await call(deliveryRoute.GET, { key: keyA, params: { id: alice[0].id }, path: `/api/v1/deliveries/${alice[0].id}` });
    expect(allowed.status).toBe(200);
  });
});
