// For every format and every event type of the catalog, what a receiver gets from "Send a
// Test" and from a normal delivery has the types the format's document shows: integers stay
// integers, strings strings, and no null (or missing key) where the document's example or
// table has a value. Judged from the documents alone: the Webconnex payload tables, the
// NationBuilder and Site Stacker examples (tests/support/seed-examples), the Kajabi body,
// the CharityStack event table and verification scheme, and SPEC §4 for `standard`.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as batchRoute from '../app/api/v1/events/batch/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as formsRoute from '../app/api/v1/forms/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import * as testRoute from '../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { getEventType } from '../lib/events/catalog/definitions';
import { SUBSCRIBABLE_EVENT_TYPES } from '../lib/events/catalog/names';
import { departuresFromExample, DOCUMENT_EXAMPLES } from './support/document-examples';
import { call, createKey, createOrganization } from './support/fixtures';
import type { ReceivedRequest } from './support/receiver';
import { CHARITYSTACK_EVENTS, receiveCharityStack, receiveSiteStacker, receiveWebconnex, WEBCONNEX_BODIES } from './support/strict-receivers';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

const { receiver } = withWorkerAndReceiver();

const FORMATS = ['standard', 'sitestacker', 'webconnex', 'nationbuilder', 'kajabi', 'charitystack'] as const;
type Format = (typeof FORMATS)[number];
// Types the platform may send (Tidings sends ping and the webhook.* events itself).
const PLATFORM_TYPES = SUBSCRIBABLE_EVENT_TYPES.filter((type) => !type.startsWith('webhook.'));
const TOKEN = 'nb-documented-types-5d1e';

const sample = (type: string) => getEventType(type)!.sample();
let pathCounter = 0;
const freshPath = (name: string) => `/documented/${name}/${(pathCounter += 1)}`;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown) => typeof value === 'number' && Number.isInteger(value);
const headerOf = (request: ReceivedRequest, name: string) => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

// Webconnex: the payload tables. Every notification has accountId, formId, eventId (integer)
// and meta.name (string); those of a purchasing customer also customerId (integer). An event
// the document does not describe still comes in the same envelope.
const WEBCONNEX_WITH_CUSTOMER = new Set(['registration', 'subscription', 'sms', 'edit_registrant', 'cancel_registrant', 'edit_ticket', 'cancel_ticket', 'cancel_order']);

function webconnexDepartures(request: ReceivedRequest, secret: string): string[] {
  const event = headerOf(request, 'X-Webconnex-Event') ?? '';
  const body = JSON.parse(request.body) as Json;
  const found: string[] = [];
  if (typeof body.eventType !== 'string' || body.eventType !== event) found.push(`eventType ${JSON.stringify(body.eventType)}`);
  for (const key of ['accountId', 'formId', 'eventId']) if (!isInteger(body[key])) found.push(`${key}: ${JSON.stringify(body[key])} is not an integer`);
  if (WEBCONNEX_WITH_CUSTOMER.has(event) && !isInteger(body.customerId)) found.push(`customerId: ${JSON.stringify(body.customerId)} is not an integer`);
  if ('customerId' in body && !isInteger(body.customerId)) found.push(`customerId: ${JSON.stringify(body.customerId)} is not an integer`);
  if (!isObject(body.data)) found.push('data is not an object');
  if (!isObject(body.meta) || typeof body.meta.name !== 'string') found.push('meta.name is not a string');
  if (event in WEBCONNEX_BODIES) {
    try {
      receiveWebconnex(request, secret);
    } catch (error) {
      found.push((error as Error).message);
    }
  }
  return found;
}

// NationBuilder: the three samples, judged whole (token, nation_slug, payload).
function nationBuilderDepartures(type: string, request: ReceivedRequest): string[] {
  const body = JSON.parse(request.body) as Json;
  if (type.startsWith('donation.')) return departuresFromExample(DOCUMENT_EXAMPLES.nationBuilderDonation, body);
  if (type === 'person.created' || type === 'person.updated') return departuresFromExample(DOCUMENT_EXAMPLES.nationBuilderPerson, body);
  if (type === 'person.contacted') return departuresFromExample(DOCUMENT_EXAMPLES.nationBuilderContact, body);
  return departuresFromExample({ token: 'sharedsecret', payload: {} }, body);
}

// Site Stacker: the two payload examples and the ping's `hook`; every delivery signed.
function siteStackerDepartures(request: ReceivedRequest, secret: string): string[] {
  const event = headerOf(request, 'SiteStacker-Event');
  const body = JSON.parse(request.body) as Json;
  if (event === 'contribution_create' || event === 'person_type_assignment' || event === 'ping') {
    try {
      receiveSiteStacker(request, secret);
    } catch (error) {
      return [(error as Error).message];
    }
    if (event === 'contribution_create') return departuresFromExample(DOCUMENT_EXAMPLES.siteStackerContributionCreate, body);
    if (event === 'person_type_assignment') return departuresFromExample(DOCUMENT_EXAMPLES.siteStackerPersonTypeAssignment, body);
    return [];
  }
  const signature = headerOf(request, 'SiteStacker-Signature');
  return signature === createHmac('sha256', secret).update(request.body).digest('hex') && isObject(body) ? [] : ['not a signed JSON object'];
}

// Kajabi: { "id": "hash_id", "event": "tag_added", "payload": [] } (a payload "similar to the sample payloads").
function kajabiDepartures(request: ReceivedRequest): string[] {
  const body = JSON.parse(request.body) as Json;
  const found = departuresFromExample({ id: 'hash_id', event: 'tag_added' }, body);
  if (!isObject(body.payload) && !Array.isArray(body.payload)) found.push('payload is not an object or array');
  return found;
}

// CharityStack: the event table and the verification guide's signature.
function charityStackDepartures(request: ReceivedRequest, secret: string): string[] {
  const body = JSON.parse(request.body) as Json;
  if ((CHARITYSTACK_EVENTS as readonly string[]).includes(body.event as string)) {
    try {
      receiveCharityStack(request, secret);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const timestamp = headerOf(request, 'X-Webhook-Timestamp');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return headerOf(request, 'X-Webhook-Signature') === expected && typeof body.event === 'string' && isObject(body.data) ? [] : ['not a signed {event, data}'];
}

// standard: SPEC §4's body (formId and resourceId are "…" there: the spec leaves them open).
function standardDepartures(request: ReceivedRequest): string[] {
  const body = JSON.parse(request.body) as Json;
  return departuresFromExample(
    { id: 'evt_…', type: 'donation.created', timestamp: '<ISO 8601>', organizationId: 'org_…', data: {}, meta: { webhookId: 'wh_…', name: '…', test: false } },
    body,
  );
}

function departuresOf(format: Format, type: string, request: ReceivedRequest, secret: string): string[] {
  switch (format) {
    case 'standard':
      return standardDepartures(request);
    case 'sitestacker':
      return siteStackerDepartures(request, secret);
    case 'webconnex':
      return webconnexDepartures(request, secret);
    case 'nationbuilder':
      return nationBuilderDepartures(type, request);
    case 'kajabi':
      return kajabiDepartures(request);
    case 'charitystack':
      return charityStackDepartures(request, secret);
  }
}

/** The catalog type a received request is about, whatever the format calls it. */
function typeOf(format: Format, request: ReceivedRequest, sentTypes: Map<string, string>): string {
  const id = headerOf(request, 'webhook-id') ?? headerOf(request, 'SiteStacker-Delivery') ?? headerOf(request, 'X-Webconnex-Delivery') ?? headerOf(request, 'X-Webhook-ID');
  if (id && sentTypes.has(id)) return sentTypes.get(id)!;
  // NationBuilder and Kajabi send no delivery id: the receiver tells the kind by the body.
  const body = JSON.parse(request.body) as Json;
  if (format === 'nationbuilder') {
    const payload = body.payload as Json;
    return 'donation' in payload ? 'donation.created' : 'signup_call' in payload ? 'person.contacted' : 'signup' in payload ? 'person.created' : 'other';
  }
  return 'other';
}

async function setUpAllFormats() {
  const organization = await createOrganization();
  const key = await createKey(organization.id);
  expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token: TOKEN } })).status).toBe(204);
  const webhooks = [];
  for (const format of FORMATS) {
    const path = freshPath(format);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['*'], format, pingOnCreate: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    webhooks.push({ format, path, id: created.body.webhookId as string, secret: created.body.secret as string });
  }
  return { organization, key, webhooks };
}

function expectDocumentedTypes(webhooks: { format: Format; path: string; secret: string }[], sentTypes: Map<string, string>) {
  const failures: string[] = [];
  for (const webhook of webhooks) {
    for (const request of receiver.on(webhook.path)) {
      const type = typeOf(webhook.format, request, sentTypes);
      for (const departure of departuresOf(webhook.format, type, request, webhook.secret)) failures.push(`${webhook.format} ${type}: ${departure}`);
    }
  }
  // One line per departure, in full, when any.
  expect(failures.join('\n')).toBe('');
}

describe('the types each document shows', () => {
  it('Send a Test: every format, every event type', async () => {
    const { key, webhooks } = await setUpAllFormats();
    const sentTypes = new Map<string, string>();
    for (const webhook of webhooks) {
      for (const type of SUBSCRIBABLE_EVENT_TYPES) {
        const answer = await call(testRoute.POST, { method: 'POST', key, params: { id: webhook.id }, body: { event: type } });
        expect(answer.status, `${webhook.format} ${type}: ${JSON.stringify(answer.body)}`).toBe(202);
        sentTypes.set(answer.body.deliveryId as string, type);
      }
    }
    for (const webhook of webhooks) await receiver.waitForCount(webhook.path, SUBSCRIBABLE_EVENT_TYPES.length, 30_000);
    expectDocumentedTypes(webhooks, sentTypes);
  });

  it('a normal delivery: every format, every event type the platform sends, with no form and no customer', async () => {
    const { key, webhooks } = await setUpAllFormats();
    for (const type of PLATFORM_TYPES) {
      const data = sample(type);
      // A platform that knows no form or customer id for the event: no formId is sent, and
      // the data's own ones are gone too.
      delete data.customerId;
      delete data.formId;
      const answer = await call(eventsRoute.POST, { method: 'POST', key, body: { type, data } });
      expect(answer.status, `${type}: ${JSON.stringify(answer.body)}`).toBe(202);
    }
    for (const webhook of webhooks) await receiver.waitForCount(webhook.path, PLATFORM_TYPES.length, 30_000);
    const { db } = await import('../lib/db');
    const deliveries = await db.delivery.findMany({ where: { webhookId: { in: webhooks.map((webhook) => webhook.id) } }, select: { id: true, eventType: true } });
    expectDocumentedTypes(webhooks, new Map(deliveries.map((delivery) => [delivery.id, delivery.eventType])));
  });

  it('Webconnex Send a Test carries the first selected form, else the organization’s first form, else the example form', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const formIdOfTest = async (body: Json) => {
      const path = freshPath('webconnex-form');
      const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['*'], format: 'webconnex', ...body } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const answer = await call(testRoute.POST, { method: 'POST', key, params: { id: created.body.webhookId }, body: { event: 'registration.created' } });
      expect(answer.status).toBe(202);
      await receiver.waitForCount(path, 1);
      return (JSON.parse(receiver.on(path)[0].body) as Json).formId;
    };
    const noForms = await formIdOfTest({});
    expect(isInteger(noForms) && (noForms as number) > 0).toBe(true);

    const first = await call(formsRoute.POST, { method: 'POST', key, body: { name: 'Spring Run', externalId: '700001' } });
    const second = await call(formsRoute.POST, { method: 'POST', key, body: { name: 'Fall Gala', externalId: '700002' } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await formIdOfTest({})).toBe(700001);
    expect(await formIdOfTest({ allForms: false, formIds: [second.body.formId] })).toBe(700002);
  });

  it('refuses, naming the field and the format, an event a subscribed format cannot carry', async () => {
    // Site Stacker's contribution_create payload is the batch id; NationBuilder's donation
    // samples are the donation. A donation.created without the one a subscribed webhook's
    // format needs is a 400; without such a webhook it is accepted.
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token: TOKEN } })).status).toBe(204);
    const donationOnly = { donation: sample('donation.created').donation };
    const batchOnly = { contribution_batch_id: '9' };
    expect((await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: donationOnly } })).status).toBe(202);
    expect((await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: batchOnly } })).status).toBe(202);

    const siteStacker = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(freshPath('ss-refuse')), events: ['donation.created'], format: 'sitestacker', pingOnCreate: false } });
    expect(siteStacker.status).toBe(201);
    const refusedBySiteStacker = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: donationOnly } });
    expect(refusedBySiteStacker.status).toBe(400);
    expect(refusedBySiteStacker.body.error.issues).toEqual([expect.objectContaining({ path: 'data.contribution_batch_id', message: expect.stringContaining('sitestacker') })]);
    expect((await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: batchOnly } })).status).toBe(202);

    const nationBuilder = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(freshPath('nb-refuse')), events: ['donation.*'], format: 'nationbuilder' } });
    expect(nationBuilder.status).toBe(201);
    const refusedByNationBuilder = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: batchOnly } });
    expect(refusedByNationBuilder.status).toBe(400);
    expect(refusedByNationBuilder.body.error.issues).toEqual([expect.objectContaining({ path: 'data.donation', message: expect.stringContaining('nationbuilder') })]);
    // Both: what both formats need.
    expect((await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: { ...batchOnly, ...donationOnly } } })).status).toBe(202);

    // In a batch, the refused item answers its own error (its key unkept); the others are stored.
    const both = { ...batchOnly, ...donationOnly };
    const batch = await call(batchRoute.POST, {
      method: 'POST',
      key,
      body: { events: [{ type: 'donation.created', data: both }, { type: 'donation.created', data: donationOnly, idempotencyKey: 'refused-once' }, { type: 'donation.updated', data: sample('donation.updated') }] },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((result: Json) => ('eventId' in result ? 'accepted' : (result.error as { issues: { path: string }[] }).issues[0].path))).toEqual([
      'accepted',
      'data.contribution_batch_id',
      'accepted',
    ]);
    const retried = await call(batchRoute.POST, { method: 'POST', key, body: { events: [{ type: 'donation.created', data: both, idempotencyKey: 'refused-once' }] } });
    expect(retried.body.results[0]).toHaveProperty('eventId');
  });
});
