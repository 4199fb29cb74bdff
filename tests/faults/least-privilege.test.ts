import { describe, expect, it } from 'vitest';
import * as resendRoute from '../../app/api/v1/deliveries/[id]/resend/route';
import * as replayRoute from '../../app/api/v1/webhooks/[id]/replay/route';
import * as webhookRoute from '../../app/api/v1/webhooks/[id]/route';
import * as testRoute from '../../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../../app/api/v1/webhooks/route';
import type { Scope } from '../../lib/auth/scopes';
import { db, pool } from '../../lib/db';
import { getEventType } from '../../lib/events/catalog/definitions';
import { emitEvent } from '../../lib/events/emit';
import { createWebhook } from '../../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from '../support/fixtures';
import { withWorkerAndReceiver } from '../support/worker-and-receiver';
import { waitUntil } from '../support/processes';

// docs/security-model.md#least-privilege: no key may make event data flow somewhere unless it holds
// the scopes of every event type that will flow (scope table: docs/security-model.md#scopes-and-least-privilege and Kajabi's
// document, seed 002). First the leak issue 12 reported, replayed step by step against a
// real worker and real loopback receivers; then every data-flow operation held against
// the smallest keys that should fail and the smallest that should pass.

const { receiver } = withWorkerAndReceiver();

function donation(email: string) {
  const data = getEventType('donation.created')!.sample() as { donation: { donor: { email: string } } };
  data.donation.donor.email = email;
  return data;
}

describe('the leak of issue 12: a webhooks-only key redirects donations to itself', () => {
  it('ends at the PATCH with 403 naming view:transactions; nothing reaches the attacker', async () => {
    const organization = await createOrganization();
    const owner = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key: owner,
      body: { url: receiver.url('/crm'), events: ['donation.created', 'donation.updated'], includeSubOrganizations: true },
    });
    expect(created.status).toBe(201);
    const webhookId: string = created.body.webhookId;
    const donors = ['ada@donor.example', 'grace@donor.example', 'joan@donor.example'];
    for (const email of donors) await emitEvent({ organizationId: organization.id, type: 'donation.created', data: donation(email) });
    await waitUntil(async () => (await db.delivery.count({ where: { webhookId, eventType: 'donation.created', status: 'SUCCEEDED' } })) === 3, 20_000, 'the donations to reach the CRM');

    const attacker = await createKey(organization.id, ['webhooks:read', 'webhooks:write']);
    // Step 1: the attacker finds the donation webhook.
    const listed = await call(webhooksRoute.GET, { key: attacker });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((webhook: { webhookId: string }) => webhook.webhookId)).toContain(webhookId);
    // Step 2: points it at its own server. This is where the story now ends.
    const patched = await call(webhookRoute.PATCH, { method: 'PATCH', key: attacker, params: { id: webhookId }, body: { url: receiver.url('/attacker') } });
    expect(patched.status).toBe(403);
    expect(patched.body.error.code).toBe('insufficient_scope');
    expect(patched.body.error.missingScopes).toEqual(['view:transactions']);
    expect(patched.body.error.message).toContain('view:transactions');
    expect((await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).url).toBe(receiver.url('/crm'));
    // Step 3: the replay is refused too: no deliveries:write, and no right to the donations.
    const replayed = await call(replayRoute.POST, { method: 'POST', key: attacker, params: { id: webhookId }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } });
    expect(replayed.status).toBe(403);
    expect(replayed.body.error.missingScopes).toEqual(['deliveries:write']);
    const withDeliveries = await createKey(organization.id, ['webhooks:read', 'webhooks:write', 'deliveries:write']);
    const replayedAgain = await call(replayRoute.POST, { method: 'POST', key: withDeliveries, params: { id: webhookId }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } });
    expect(replayedAgain.status).toBe(403);
    expect(replayedAgain.body.error.missingScopes).toEqual(['view:transactions']);
    // The widening of the original report (every sub-organization) is a flow change too.
    const widened = await call(webhookRoute.PATCH, { method: 'PATCH', key: withDeliveries, params: { id: webhookId }, body: { includeSubOrganizations: true } });
    expect(widened.status).toBe(403);
    // And the old body of step 3, without the new flag, is a 400 that says why.
    const unflagged = await call(replayRoute.POST, { method: 'POST', key: owner, params: { id: webhookId }, body: { since: 1, status: 'SUCCEEDED' } });
    expect(unflagged.status).toBe(400);
    expect(unflagged.body.error.issues).toEqual([expect.objectContaining({ path: 'includeSucceeded' })]);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on('/attacker')).toEqual([]);
    expect(await db.delivery.count({ where: { webhookId, status: { in: ['PENDING', 'RETRYING'] } } })).toBe(0);

    // The control: a key that may read donations can do exactly this, and the data flows.
    // So the refusals above are about scopes, and this test would see a leak if there were one.
    const trusted = await createKey(organization.id, ['webhooks:write', 'deliveries:write', 'view:transactions']);
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key: trusted, params: { id: webhookId }, body: { url: receiver.url('/moved') } })).status).toBe(200);
    const allowed = await call(replayRoute.POST, { method: 'POST', key: trusted, params: { id: webhookId }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } });
    expect(allowed.status).toBe(202);
    // The three donations and the webhook's ping (a system event: no scope).
    expect(allowed.body.count).toBe(4);
    await receiver.waitForCount('/moved', 4);
    expect(donors.every((email) => receiver.on('/moved').some((request) => request.body.includes(email)))).toBe(true);
    console.log('leak: GET 200 → PATCH url 403 missingScopes ["view:transactions"] → replay 403 (deliveries:write, then view:transactions); 0 requests reached the attacker; a key with view:transactions moved it and replayed the 3 donations and the ping');
  });
});

type Setup = { organizationId: string; webhookId: string; deliveryIds: Record<string, string> };

/** A webhook subscribed to `events`, PAUSED (so nothing is sent), with one FAILED delivery per type in `deliveries`. */
async function setUp(events: string[], deliveries: string[] = []): Promise<Setup> {
  const organization = await createOrganization();
  const { row } = await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/table'), events, status: 'PAUSED' } });
  const deliveryIds: Record<string, string> = {};
  for (const type of deliveries) {
    const emitted = await emitEvent({ organizationId: organization.id, type, data: getEventType(type)!.sample(), onlyWebhookId: row.id });
    deliveryIds[type] = emitted.deliveries[0].id;
  }
  // The worker holds a paused webhook's deliveries (HELD, SPEC §11); wait for that, so nothing
  // moves while the table below compares before and after, then make them the FAILED
  // deliveries the table replays and resends.
  await waitUntil(async () => {
    const { rows } = await pool().query<{ unsettled: number }>(
      `select count(*)::int as unsettled from "Delivery" where "webhookId" = $1 and status <> 'HELD'`,
      [row.id],
    );
    return rows[0].unsettled === 0;
  }, 20_000, 'the worker to hold the paused deliveries');
  await pool().query(`update "Delivery" set status = 'FAILED', "lastError" = 'set up as failed' where "webhookId" = $1`, [row.id]);
  return { organizationId: organization.id, webhookId: row.id, deliveryIds };
}

type Case = {
  what: string;
  /** The webhook's subscription, and the deliveries it has. */
  events: string[];
  deliveries?: string[];
  scopes: Scope[];
  request: (setup: Setup, key: string) => Promise<{ status: number; body: any }>;
  /** The missing scopes named in the 403, or the success status. */
  expect: Scope[] | number;
};

const patch = (body: Record<string, unknown>) => (setup: Setup, key: string) =>
  call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: setup.webhookId }, body });
const replay = (body: Record<string, unknown> = { since: 1 }) => (setup: Setup, key: string) =>
  call(replayRoute.POST, { method: 'POST', key, params: { id: setup.webhookId }, body });
const resend = (type: string) => (setup: Setup, key: string) =>
  call(resendRoute.POST, { method: 'POST', key, params: { id: setup.deliveryIds[type] } });
const sendTest = (event: string) => (setup: Setup, key: string) =>
  call(testRoute.POST, { method: 'POST', key, params: { id: setup.webhookId }, body: { event } });

const W: Scope[] = ['webhooks:write'];
const RW: Scope[] = ['webhooks:write', 'deliveries:write'];
const DONATIONS = ['donation.created'];
const EVERY_EVENT_SCOPE: Scope[] = ['view:transactions', 'view:orders', 'view:contacts', 'view:forms'];

const CASES: Case[] = [
  // Creating: the subscription's scopes.
  { what: 'POST /webhooks donation.created', events: [], scopes: W, request: (_s, key) => call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/new'), events: DONATIONS } }), expect: ['view:transactions'] },
  { what: 'POST /webhooks order.created with view:transactions only', events: [], scopes: [...W, 'view:transactions'], request: (_s, key) => call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/new'), events: ['order.created'] } }), expect: ['view:orders'] },
  { what: 'POST /webhooks purchase.created with view:purchases', events: [], scopes: [...W, 'view:purchases'], request: (_s, key) => call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/new'), events: ['purchase.created'] } }), expect: 201 },
  // PATCH of each field that changes the flow: the resulting subscription's scopes.
  ...(
    [
      ['url', { url: 'https://example.com/elsewhere' }],
      ['format', { format: 'webconnex' }],
      ['allForms/formIds', { allForms: true }],
      ['resourceId', { resourceId: 'campaign-7' }],
      ['includeSubOrganizations', { includeSubOrganizations: true }],
      ['status ACTIVE (resume)', { status: 'ACTIVE' }],
      ['apiToken', { apiToken: 'a-new-receiver-token' }],
      ['apiToken removed', { apiToken: null }],
      ['customHeaders', { customHeaders: { 'X-Team': 'north' } }],
    ] as const
  ).flatMap(([field, body]): Case[] => [
    { what: `PATCH ${field} of a donation webhook, webhooks:write only`, events: DONATIONS, scopes: W, request: patch(body), expect: ['view:transactions'] },
    { what: `PATCH ${field} of a donation webhook with view:transactions`, events: DONATIONS, scopes: [...W, 'view:transactions'], request: patch(body), expect: 200 },
  ]),
  { what: 'PATCH url of a * webhook with every scope but view:orders', events: ['*'], scopes: [...W, 'view:transactions', 'view:contacts', 'view:forms'], request: patch({ url: 'https://example.com/x' }), expect: ['view:orders'] },
  { what: 'PATCH url of a * webhook with every event scope', events: ['*'], scopes: [...W, ...EVERY_EVENT_SCOPE], request: patch({ url: 'https://example.com/x' }), expect: 200 },
  { what: 'PATCH events of a contact webhook to donations, view:contacts', events: ['contact.created'], scopes: [...W, 'view:contacts'], request: patch({ events: DONATIONS }), expect: ['view:transactions'] },
  // Re-subscribing away from data moves what the webhook already holds: the current events count as well as the new.
  { what: 'PATCH events of a * webhook down to contacts, view:contacts (the current subscription counts too)', events: ['*'], scopes: [...W, 'view:contacts'], request: patch({ events: ['contact.created'] }), expect: ['view:forms', 'view:orders', 'view:transactions'] },
  { what: 'PATCH url and events together: the old events count as well as the new', events: DONATIONS, scopes: [...W, 'view:contacts'], request: patch({ url: 'https://example.com/y', events: ['contact.created'] }), expect: ['view:transactions'] },
  { what: 'PATCH events of a * webhook down to contacts, every event scope', events: ['*'], scopes: [...W, ...EVERY_EVENT_SCOPE], request: patch({ events: ['contact.created'] }), expect: 200 },
  // PATCHes that move no data need no event scope.
  { what: 'PATCH name/description/retry/timeout of a donation webhook, webhooks:write only', events: DONATIONS, scopes: W, request: patch({ name: 'n', description: 'd', retryPolicy: 'exponential', timeoutSeconds: 5 }), expect: 200 },
  { what: 'PATCH status PAUSED of a donation webhook, webhooks:write only', events: DONATIONS, scopes: W, request: patch({ status: 'PAUSED' }), expect: 200 },
  // Send a Test: the tested type's scopes.
  { what: 'test donation.created, webhooks:write only', events: ['contact.created'], scopes: W, request: sendTest('donation.created'), expect: ['view:transactions'] },
  { what: 'test order.created, view:transactions only', events: ['order.created'], scopes: [...W, 'view:transactions'], request: sendTest('order.created'), expect: ['view:orders'] },
  { what: 'test form.submitted with view:form_submissions', events: ['form.submitted'], scopes: [...W, 'view:form_submissions'], request: sendTest('form.submitted'), expect: 202 },
  // Replay: webhooks:write + deliveries:write + the types of the deliveries replayed.
  { what: 'replay without deliveries:write', events: ['*'], deliveries: ['contact.created'], scopes: [...W, 'view:contacts'], request: replay(), expect: ['deliveries:write'] },
  { what: 'replay a range holding a donation with view:contacts', events: ['*'], deliveries: ['contact.created', 'donation.created'], scopes: [...RW, 'view:contacts'], request: replay(), expect: ['view:transactions'] },
  { what: 'replay a range holding only contacts with view:contacts', events: ['*'], deliveries: ['contact.created', 'contact.updated'], scopes: [...RW, 'view:contacts'], request: replay(), expect: 202 },
  { what: 'replay an order.created with view:transactions only', events: ['order.created'], deliveries: ['order.created'], scopes: [...RW, 'view:transactions'], request: replay(), expect: ['view:orders'] },
  { what: 'replay SUCCEEDED needs includeSucceeded (400), scopes aside', events: DONATIONS, deliveries: DONATIONS, scopes: [...RW, 'view:transactions'], request: replay({ since: 1, status: 'SUCCEEDED' }), expect: 400 },
  // Resend: deliveries:write + the delivery's type's scopes.
  { what: 'resend a donation, deliveries:write only', events: DONATIONS, deliveries: DONATIONS, scopes: ['deliveries:write'], request: resend('donation.created'), expect: ['view:transactions'] },
  { what: 'resend a donation without deliveries:write', events: DONATIONS, deliveries: DONATIONS, scopes: ['view:transactions', 'webhooks:write'], request: resend('donation.created'), expect: ['deliveries:write'] },
  { what: 'resend a donation with deliveries:write and view:transactions', events: DONATIONS, deliveries: DONATIONS, scopes: ['deliveries:write', 'view:transactions'], request: resend('donation.created'), expect: 202 },
  { what: 'resend a purchase with view:purchases (Kajabi)', events: ['purchase.created'], deliveries: ['purchase.created'], scopes: ['deliveries:write', 'view:purchases'], request: resend('purchase.created'), expect: 202 },
];

describe('every data-flow operation against the smallest keys', () => {
  it.each(CASES.map((testCase) => [testCase.what, testCase] as const))('%s', async (_what, testCase) => {
    const setup = await setUp(testCase.events.length > 0 ? testCase.events : ['contact.created'], testCase.deliveries);
    const key = await createKey(setup.organizationId, testCase.scopes);
    const before = await db.webhook.findUniqueOrThrow({ where: { id: setup.webhookId } });
    const deliveriesBefore = await db.delivery.findMany({ where: { webhookId: setup.webhookId }, orderBy: { id: 'asc' } });
    const response = await testCase.request(setup, key);
    if (typeof testCase.expect === 'number') {
      expect(response.status, JSON.stringify(response.body)).toBe(testCase.expect);
      return;
    }
    expect(response.status, JSON.stringify(response.body)).toBe(403);
    expect(response.body.error.code).toBe('insufficient_scope');
    expect(response.body.error.missingScopes).toEqual(testCase.expect);
    for (const scope of testCase.expect) expect(response.body.error.message).toContain(scope);
    // Refused means nothing changed: the webhook, its deliveries, and no new ones.
    expect(await db.webhook.findUniqueOrThrow({ where: { id: setup.webhookId } })).toEqual(before);
    expect(await db.delivery.findMany({ where: { webhookId: setup.webhookId }, orderBy: { id: 'asc' } })).toEqual(deliveriesBefore);
    expect(await db.webhook.count({ where: { organizationId: setup.organizationId } })).toBe(1);
  });
});
