// For each seed document, a strict receiver written only from that document
// (tests/support/strict-receivers.ts) decodes live deliveries of every event the document
// names, sent through the real API and worker to a loopback HTTP server, and a resend of
// one of them. The platform side (what is emitted) uses the documents' own sample payloads
// where they have one and the catalog samples otherwise.
import { describe, expect, it } from 'vitest';
import * as deliveryRoute from '../app/api/v1/deliveries/[id]/route';
import * as resendRoute from '../app/api/v1/deliveries/[id]/resend/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as formsRoute from '../app/api/v1/forms/route';
import * as organizationRoute from '../app/api/v1/organization/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { getEventType } from '../lib/events/catalog/definitions';
import { call, createKey, createOrganization } from './support/fixtures';
import type { ReceivedRequest } from './support/receiver';
import { withWorkerAndReceiver } from './support/worker-and-receiver';
import {
  CHARITYSTACK_CREATED,
  CHARITYSTACK_EVENTS,
  KAJABI_EVENTS,
  rawHeaderNames,
  receiveCharityStack,
  receiveKajabi,
  receiveNationBuilder,
  receiveSiteStacker,
  receiveWebconnex,
  WEBCONNEX_BODIES,
} from './support/strict-receivers';

const { receiver } = withWorkerAndReceiver();

let pathCounter = 0;
const freshPath = (seed: string) => `/strict/${seed}/${(pathCounter += 1)}`;
const sample = (type: string) => getEventType(type)!.sample();

async function setUp() {
  const organization = await createOrganization();
  const key = await createKey(organization.id);
  return { organization, key };
}

async function createWebhook(key: string, body: Record<string, unknown>) {
  const created = await call(webhooksRoute.POST, { method: 'POST', key, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { webhookId: string; secret: string } & Record<string, unknown>;
}

async function emit(key: string, event: Record<string, unknown>) {
  const answer = await call(eventsRoute.POST, { method: 'POST', key, body: event });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body as { eventId: string; deliveries: number };
}

async function resend(key: string, deliveryId: string) {
  const answer = await call(resendRoute.POST, { method: 'POST', key, params: { id: deliveryId } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
}

async function deliveriesOf(key: string, webhookId: string): Promise<{ id: string; eventType: string }[]> {
  const answer = await call(webhookDeliveriesRoute.GET, { key, params: { id: webhookId }, path: `/api/v1/webhooks/${webhookId}/deliveries?limit=100` });
  expect(answer.status).toBe(200);
  return answer.body.data;
}

/** Every request on the path decodes, or the test fails naming the request and the reason. */
function decodeAll<T>(requests: ReceivedRequest[], decode: (request: ReceivedRequest) => T): T[] {
  return requests.map((request, index) => {
    try {
      return decode(request);
    } catch (error) {
      throw new Error(`request ${index + 1} (${request.body.slice(0, 120)}…): ${(error as Error).message}`);
    }
  });
}

describe('a receiver written from each seed document', () => {
  it('Site Stacker: ping, contribution_create and person_type_assignment, signed; a resend is the same request', async () => {
    const { key } = await setUp();
    const path = freshPath('sitestacker');
    const webhook = await createWebhook(key, { url: receiver.url(path), events: ['*'], format: 'sitestacker' });
    // The document's own payloads, as the platform sends them.
    await emit(key, { type: 'donation.created', data: { contribution_batch_id: '9' } });
    await emit(key, { type: 'person.type_assigned', data: { person_type: { id: '18', name: 'Donor' }, person_id: '4609' } });
    // A platform that sends the batch id as a number: the receiver still gets the document's string.
    await emit(key, { type: 'donation.created', data: { contribution_batch_id: 10 } });
    await receiver.waitForCount(path, 4);

    const decoded = decodeAll(receiver.on(path), (request) => receiveSiteStacker(request, webhook.secret));
    // "When you create a new webhook, we'll send you a simple `ping` event"; the two events of its table.
    expect(decoded.map((entry) => entry.event).sort()).toEqual(['contribution_create', 'contribution_create', 'person_type_assignment', 'ping']);
    // Unordered delivery: the two may arrive either way round.
    const batches = decoded.filter((entry) => entry.event === 'contribution_create').map((entry) => entry.body);
    expect(batches.sort((a, b) => Number(a.contribution_batch_id) - Number(b.contribution_batch_id))).toEqual([
      { contribution_batch_id: '9' },
      { contribution_batch_id: '10' },
    ]);
    expect(decoded.find((entry) => entry.event === 'person_type_assignment')!.body).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
    // "`hook` | The webhook configuration", without its secret.
    expect(decoded.find((entry) => entry.event === 'ping')!.body.hook).toMatchObject({ webhookId: webhook.webhookId });
    expect(receiver.on(path).every((request) => !request.body.includes(webhook.secret))).toBe(true);

    const original = receiver.on(path).find((request) => request.headers['sitestacker-event'] === 'person_type_assignment')!;
    await resend(key, original.headers['sitestacker-delivery'] as string);
    await receiver.waitForCount(path, 5);
    const again = receiver.on(path)[4];
    expect(receiveSiteStacker(again, webhook.secret).event).toBe('person_type_assignment');
    expect(again.body).toBe(original.body);
    expect(again.headers['sitestacker-signature']).toBe(original.headers['sitestacker-signature']);
    expect(again.headers['sitestacker-delivery']).toBe(original.headers['sitestacker-delivery']);
  });

  it('NationBuilder: the six events carry the token set through the API, the parent token for subnations, masked in the log', async () => {
    const { organization, key } = await setUp();
    const token = 'nb-shared-secret-7f3a91c2e4';
    const set = await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token } });
    expect(set.status).toBe(204);
    const path = freshPath('nationbuilder');
    const webhook = await createWebhook(key, { url: receiver.url(path), events: ['*'], format: 'nationbuilder', includeSubOrganizations: true });
    // "Donation success/update/cancellation, Person creation/update/contact".
    const types = ['donation.created', 'donation.updated', 'donation.cancelled', 'person.created', 'person.updated', 'person.contacted'];
    for (const type of types) await emit(key, { type, data: sample(type) });
    // "These requests will be accompanied by the webhook token belonging to the parent nation."
    const subnation = await createOrganization({ parentId: organization.id });
    await emit(key, { type: 'person.created', data: sample('person.created'), organizationId: subnation.id });
    await receiver.waitForCount(path, types.length + 1);
    // No ping: the document has none, and this webhook did not ask for one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.on(path)).toHaveLength(types.length + 1);

    const decoded = decodeAll(receiver.on(path), (request) => receiveNationBuilder(request, token));
    expect(decoded.map((entry) => entry.event).sort()).toEqual(['contact', 'donation', 'donation', 'donation', 'person', 'person', 'person']);
    // Donation bodies carry nation_slug, as the document's donation sample does.
    expect(decoded.filter((entry) => entry.event === 'donation').map((entry) => entry.body.nation_slug)).toEqual([
      organization.slug,
      organization.slug,
      organization.slug,
    ]);

    // The receiver got the token; everything stored and shown has a mask without a character of it.
    const [first] = await deliveriesOf(key, webhook.webhookId);
    const detail = await call(deliveryRoute.GET, { key, params: { id: first.id } });
    const storedBody = detail.body.attempts[0].request.body as string;
    expect(storedBody).not.toContain(token);
    expect(JSON.parse(storedBody).token).toMatch(/^•+$/);
    const attempts = await db.attempt.findMany({ where: { delivery: { webhookId: webhook.webhookId } }, select: { requestBody: true } });
    expect(attempts.length).toBe(types.length + 1);
    for (const attempt of attempts) expect(attempt.requestBody).not.toContain(token);

    // A resend carries the token again, and the same bytes.
    const before = receiver.on(path).length;
    await resend(key, first.id);
    await receiver.waitForCount(path, before + 1);
    const resent = receiver.on(path).at(-1)!;
    expect(receiveNationBuilder(resent, token).body.token).toBe(token);
  });

  it('NationBuilder: refuses a webhook while no shared token is set, and generates one on POST', async () => {
    const { key } = await setUp();
    const refused = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/nb-none'), events: ['*'], format: 'nationbuilder' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe('format');
    // Switching an existing webhook to the format is refused the same way.
    const standard = await createWebhook(key, { url: receiver.url('/nb-switch'), events: ['coupon.created'], status: 'PAUSED' });
    const switched = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: standard.webhookId }, body: { format: 'nationbuilder' } });
    expect(switched.status).toBe(400);
    expect(switched.body.error.issues[0].path).toBe('format');
    const generated = await call(sharedTokenRoute.POST, { method: 'POST', key });
    expect(generated.status).toBe(200);
    expect(generated.body.token).toMatch(/^\S{16,}$/);
    const path = freshPath('nationbuilder');
    await createWebhook(key, { url: receiver.url(path), events: ['person.created'], format: 'nationbuilder' });
    await emit(key, { type: 'person.created', data: sample('person.created') });
    await receiver.waitForCount(path, 1);
    expect(receiveNationBuilder(receiver.on(path)[0], generated.body.token).event).toBe('person');

    // Should the token be gone at send time (an operator cleared it in the database), nothing
    // is sent: the attempt fails and says why.
    const organization = await db.organization.findFirstOrThrow({ where: { webhooks: { some: { url: receiver.url(path) } } } });
    await db.organization.update({ where: { id: organization.id }, data: { sharedTokenEncrypted: null } });
    const { eventId } = await emit(key, { type: 'person.created', data: sample('person.created') });
    await expect
      .poll(async () => (await db.attempt.findFirst({ where: { delivery: { eventId } }, select: { error: true } }))?.error ?? null, { timeout: 10_000 })
      .toMatch(/shared token/);
    expect(receiver.on(path)).toHaveLength(1);
  });

  it('Kajabi: the six events as { id, event, payload }, the id the resource that triggered it', async () => {
    const { key } = await setUp();
    const path = freshPath('kajabi');
    await createWebhook(key, { url: receiver.url(path), events: ['*'], format: 'kajabi' });
    const types = ['purchase.created', 'payment.succeeded', 'order.created', 'form.submitted', 'contact.tag_added', 'contact.tag_removed'];
    // No resourceId sent: the platform left it to the data.
    for (const type of types) await emit(key, { type, data: sample(type) });
    await receiver.waitForCount(path, types.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // No ping: the document has none.
    expect(receiver.on(path)).toHaveLength(types.length);
    const decoded = decodeAll(receiver.on(path), receiveKajabi);
    expect(decoded.map((entry) => entry.event).sort()).toEqual([...KAJABI_EVENTS].sort());
    // "The id is the ID of the resource that triggered the event."
    const ids = Object.fromEntries(decoded.map((entry) => [entry.event, entry.body.id]));
    expect(ids).toMatchObject({ purchase: '4410236', payment_succeeded: '77031906', order_created: '601877', form_submission: '20417', tag_added: '123' });
  });

  it('Webconnex: every notification with integer ids; a resend is the same bytes and signature, even after the webhook changed', async () => {
    const { organization, key } = await setUp();
    // The platform registers its form under its own (integer) id.
    const form = await call(formsRoute.POST, { method: 'POST', key, body: { name: 'Fall Gala 2024', externalId: '482913' } });
    expect(form.status).toBe(201);
    const path = freshPath('webconnex');
    const webhook = await createWebhook(key, { url: receiver.url(path), events: ['*'], format: 'webconnex', name: 'Gala feed', appKey: 'gala-app' });
    const emitted: [string, Record<string, unknown>][] = [
      ['registration.created', sample('registration.created')],
      ['form.published', sample('form.published')],
      ['subscription.processed', sample('subscription.processed')],
      ['sms_donation.created', sample('sms_donation.created')],
      ...[80, 90, 100].map((threshold): [string, Record<string, unknown>] => ['inventory.threshold_reached', { ...sample('inventory.threshold_reached'), threshold }]),
      ['coupon.created', sample('coupon.created')],
      ['registration.cancelled', sample('registration.cancelled')],
      ['registrant.updated', sample('registrant.updated')],
      ['registrant.cancelled', sample('registrant.cancelled')],
      ['ticket.updated', sample('ticket.updated')],
      ['ticket.cancelled', sample('ticket.cancelled')],
    ];
    for (const [type, data] of emitted) await emit(key, { type, data, formId: '482913' });
    await receiver.waitForCount(path, emitted.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.on(path)).toHaveLength(emitted.length);

    const decoded = decodeAll(receiver.on(path), (request) => receiveWebconnex(request, webhook.secret));
    // Every event type of the document's notifications arrived.
    expect(new Set(decoded.map((entry) => entry.event))).toEqual(new Set(Object.keys(WEBCONNEX_BODIES)));
    const account = await db.organization.findUniqueOrThrow({ where: { id: organization.id }, select: { accountNumber: true } });
    for (const entry of decoded) {
      // "accountId | integer | Id of the account"; "formId | integer | Id of the form" (the platform's own).
      expect(entry.body.accountId).toBe(account.accountNumber);
      expect(entry.body.formId).toBe(482913);
      expect(entry.body.meta).toEqual({ name: 'Gala feed', appKey: 'gala-app' });
    }
    // "eventId | integer | Id of the … webhook event": one per event.
    expect(new Set(decoded.map((entry) => entry.body.eventId)).size).toBe(emitted.length);

    // "X-Webconnex-Signature | HMAC for the webhook. Note: Remains unchanged on resend events",
    // even when the webhook's name, app key and format changed since: the delivery is a message.
    const original = receiver.on(path).find((request) => request.headers['x-webconnex-event'] === 'registration')!;
    const changed = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhook.webhookId }, body: { name: 'Renamed', appKey: 'other-app', format: 'kajabi' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await resend(key, original.headers['x-webconnex-delivery'] as string);
    await receiver.waitForCount(path, emitted.length + 1);
    const again = receiver.on(path).at(-1)!;
    expect(receiveWebconnex(again, webhook.secret).event).toBe('registration');
    expect(again.body).toBe(original.body);
    expect(again.headers['x-webconnex-signature']).toBe(original.headers['x-webconnex-signature']);
    // A new event after the change is sent as the webhook now is.
    await emit(key, { type: 'registration.created', data: sample('registration.created'), formId: '482913' });
    await receiver.waitForCount(path, emitted.length + 2);
    expect(JSON.parse(receiver.on(path).at(-1)!.body)).toMatchObject({ event: 'registration.created' });
  });

  it('CharityStack: the registration response, the ten events signed over timestamp.body, and a resend', async () => {
    const { key } = await setUp();
    // The organization hosts a CharityStack-style platform: its default format, set once.
    expect((await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'charitystack' } })).status).toBe(200);
    const path = freshPath('charitystack');
    // The document's request: url and events, no description, and no format (the document has none).
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: [...CHARITYSTACK_EVENTS] } });
    expect(created.status).toBe(201);
    const response = CHARITYSTACK_CREATED.parse(created.body);
    // "description | The description you provided, or an empty string if omitted."
    expect(response.description).toBe('');
    for (const type of CHARITYSTACK_EVENTS) await emit(key, { type, data: sample(type) });
    await receiver.waitForCount(path, CHARITYSTACK_EVENTS.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.on(path)).toHaveLength(CHARITYSTACK_EVENTS.length);
    const decoded = decodeAll(receiver.on(path), (request) => receiveCharityStack(request, response.secret));
    expect(decoded.map((entry) => entry.event).sort()).toEqual([...CHARITYSTACK_EVENTS].sort());

    const original = receiver.on(path)[0];
    await resend(key, original.headers['x-webhook-id'] as string);
    await receiver.waitForCount(path, CHARITYSTACK_EVENTS.length + 1);
    const again = receiver.on(path).at(-1)!;
    expect(receiveCharityStack(again, response.secret).deliveryId).toBe(original.headers['x-webhook-id']);
    expect(again.body).toBe(original.body);
  });

  it('sends header names in the case each document spells them', async () => {
    const { key } = await setUp();
    const expected: [string, string[]][] = [
      ['sitestacker', ['SiteStacker-Event', 'SiteStacker-Signature', 'SiteStacker-Delivery', 'User-Agent']],
      ['webconnex', ['Content-Type', 'User-Agent', 'X-Webconnex-Delivery', 'X-Webconnex-Event', 'X-Webconnex-Signature']],
      ['charitystack', ['X-Webhook-Signature', 'X-Webhook-Timestamp', 'X-Webhook-ID']],
    ];
    for (const [format, names] of expected) {
      const path = freshPath(`case-${format}`);
      await createWebhook(key, { url: receiver.url(path), events: ['donation.updated'], format, pingOnCreate: false });
      await emit(key, { type: 'donation.updated', data: sample('donation.updated') });
      await receiver.waitForCount(path, 1);
      expect(rawHeaderNames(receiver.on(path)[0])).toEqual(expect.arrayContaining(names));
    }
  });
});
