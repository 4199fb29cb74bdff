import { beforeAll, describe, expect, it } from 'vitest';
import * as inboxReceiveRoute from '../../app/inbox/[token]/route';
import { createUser } from '../../lib/auth/create-user';
import { db } from '../../lib/db';
import { createInvitation } from '../../lib/team/invitations';
import { getEventType } from '../../lib/events/catalog/definitions';
import { encodeCursor } from '../../lib/http/cursor';
import { OPERATIONS } from '../../app/api/v1/operations';
import type { Operation } from '../../lib/http/openapi';
import { call, createKey, createOrganization } from '../support/fixtures';
import { errorShapeProblem, handlerFor, idKind, label, pathParams, validBody } from '../support/operation-calls';
import { waitUntil } from '../support/processes';
import { changedTables, countAllRows, snapshotOrganizations, type TableSnapshot } from '../support/table-snapshot';
import { withWorkerAndReceiver } from '../support/worker-and-receiver';

// Strict tenant isolation (docs/security-model.md#tenancy: "another organization's id answers 404"), driven
// from the OpenAPI registry so a new route is covered the day it is added. Organization A
// (with two sub-organizations) has real rows of every kind: webhooks, deliveries with
// attempts, events, forms, an inbox with requests, idempotency keys. Organization B's key,
// holding every scope, tries every operation on A's ids; A's tables are dumped before
// and after and must be identical.

type Org = { id: string; slug: string };
type Ids = { webhook: string[]; delivery: string[]; inbox: string[]; event: string[]; form: string[]; apiKey: string[]; member: string[]; invitation: string[]; organization: string[] };

const { receiver, stopWorker } = withWorkerAndReceiver();
receiver.reply('/a-failing', () => ({ status: 500, body: '{"error":"down"}' }));
let orgA: Org;
let orgASub: Org;
let orgASibling: Org;
let orgB: Org;
let keyA: string;
let keyASub: string;
let keyB: string;
const a: Ids = { webhook: [], delivery: [], inbox: [], event: [], form: [], apiKey: [], member: [], invitation: [], organization: [] };
const b: Ids = { webhook: [], delivery: [], inbox: [], event: [], form: [], apiKey: [], member: [], invitation: [], organization: [] };
/** Strings only A's rows contain: ids, the inbox token, names. None may reach B. */
const aNeedles: string[] = [];
const SHARED_IDEMPOTENCY_KEY = 'shared-idempotency-key-1';
let sharedEventBody: unknown;
let aSubDeliveryToA: string;

const op = (method: Operation['method'], path: string) => {
  const found = OPERATIONS.find((operation) => operation.method === method && operation.path === path);
  if (!found) throw new Error(`no operation ${method} ${path}`);
  return found;
};

async function invoke(operation: Operation, input: { key: string; id?: string; body?: unknown; query?: string; headers?: Record<string, string> }) {
  const handler = await handlerFor(operation);
  const body = input.body ?? validBody(operation, { webhookUrl: receiver.url('/b-new') });
  return call(handler, {
    method: operation.method.toUpperCase(),
    key: input.key,
    params: input.id === undefined ? {} : pathParams(operation, input.id),
    path: `/api/v1${operation.path}${input.query ? `?${input.query}` : ''}`,
    body,
    headers: input.headers,
  });
}

async function postOk(operation: Operation, key: string, body: unknown, id?: string, headers?: Record<string, string>) {
  const response = await invoke(operation, { key, body, id, headers });
  if (response.status >= 300) throw new Error(`${label(operation)} setup failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

beforeAll(async () => {
  orgA = await createOrganization({ slug: 'tenant-a', name: 'Tenant A' });
  orgASub = await createOrganization({ slug: 'tenant-a-east', name: 'Tenant A East', parentId: orgA.id });
  orgASibling = await createOrganization({ slug: 'tenant-a-west', name: 'Tenant A West', parentId: orgA.id });
  orgB = await createOrganization({ slug: 'tenant-b', name: 'Tenant B' });
  keyA = await createKey(orgA.id);
  keyASub = await createKey(orgASub.id);
  keyB = await createKey(orgB.id);

  // A: forms, three webhooks (one failing, one limited to a form, one paused), events
  // of several kinds, a test send, an idempotent event, an inbox with a request.
  const gala = await postOk(op('post', '/forms'), keyA, { name: 'A-only Gala form', externalId: 'a-gala' });
  const camp = await postOk(op('post', '/forms'), keyA, { name: 'A-only Camp form', externalId: 'a-camp' });
  const all = await postOk(op('post', '/webhooks'), keyA, { url: receiver.url('/a-all'), events: ['*'], name: 'A-only everything', includeSubOrganizations: true, apiToken: 'a-receiver-token', customHeaders: { 'X-A-Header': 'a-header-value' } });
  const failing = await postOk(op('post', '/webhooks'), keyA, { url: receiver.url('/a-failing'), events: ['donation.created', 'person.created'], name: 'A-only failing', allForms: false, formIds: [gala.formId] });
  const paused = await postOk(op('post', '/webhooks'), keyA, { url: receiver.url('/a-paused'), events: ['*'], name: 'A-only paused', status: 'PAUSED' });
  sharedEventBody = { type: 'person.created', data: { signup: { id: 7, email: 'a-only-person@example.com' } } };
  const events = [
    await postOk(op('post', '/events'), keyA, { type: 'donation.created', data: { donation: { id: 1, amount_in_cents: 500 } }, formId: gala.formId }),
    await postOk(op('post', '/events'), keyA, sharedEventBody, undefined, { 'idempotency-key': SHARED_IDEMPOTENCY_KEY }),
    await postOk(op('post', '/events'), keyA, { type: 'donation.created', data: { donation: { id: 2, amount_in_cents: 900 } }, formId: 'a-gala' }),
  ];
  await postOk(op('post', '/webhooks/{id}/test'), keyA, { event: 'donation.created' }, all.webhookId);
  // The sub-organization's event reaches A's webhook that takes sub-organizations: the delivery is A's.
  const fromSub = await postOk(op('post', '/events'), keyASub, { type: 'person.created', data: { signup: { id: 8 } } });
  const inbox = await postOk(op('post', '/inboxes'), keyA, { name: 'A-only inbox' });

  // (The paused webhook's ping is held back: paused means nothing is sent.)
  await waitUntil(async () => {
    const pending = await db.delivery.count({ where: { organizationId: orgA.id, attemptCount: 0, webhook: { status: 'ACTIVE' } } });
    return pending === 0;
  }, 30_000, 'every delivery of A to an active webhook to have an attempt');
  await stopWorker();

  const deliveries = await db.delivery.findMany({ where: { organizationId: orgA.id }, orderBy: { id: 'asc' } });
  aSubDeliveryToA = deliveries.find((delivery) => delivery.eventId === fromSub.eventId)!.id;
  // A request in A's inbox that names one of A's deliveries, so its signature check runs.
  const claimed = deliveries[0];
  const received = await call(inboxReceiveRoute.POST as never, {
    method: 'POST',
    params: { token: inbox.token },
    headers: { 'webhook-id': claimed.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,bm90LWEtc2lnbmF0dXJl' },
    rawBody: '{"a-only":"inbox body"}',
  });
  expect(received.status).toBe(200);

  a.webhook = [all.webhookId, failing.webhookId, paused.webhookId];
  a.delivery = deliveries.map((delivery) => delivery.id);
  a.inbox = [inbox.id];
  a.event = [...events.map((event: { eventId: string }) => event.eventId)];
  a.form = [gala.formId, camp.formId];
  a.apiKey = (await db.apiKey.findMany({ where: { organizationId: { in: [orgA.id, orgASub.id] } } })).map((key) => key.id);
  // A's people: an owner, an admin of its sub-organization, a pending invitation.
  const aOwner = await createUser({ organizationId: orgA.id, email: 'a-only-owner@example.com', password: 'a-only-owner-password', role: 'owner' });
  await createUser({ organizationId: orgASub.id, email: 'a-only-east-admin@example.com', password: 'a-only-east-password', role: 'admin' });
  a.member = (await db.membership.findMany({ where: { organizationId: { in: [orgA.id, orgASub.id] } } })).map((member) => member.id);
  const invited = await createInvitation({ manager: { userId: aOwner.id, role: 'owner', organizationId: orgA.id }, email: 'a-only-invitee@example.com', role: 'viewer', baseUrl: 'http://localhost' });
  a.invitation = [invited.invitation.id];
  a.organization = [orgASub.id, orgASibling.id];
  const attempts = await db.attempt.findMany({ where: { delivery: { organizationId: orgA.id } }, select: { id: true } });
  aNeedles.push(
    orgA.id, orgASub.id, orgASibling.id, ...a.webhook, ...a.delivery, ...a.inbox, ...a.event, ...a.form, ...a.apiKey,
    ...attempts.map((attempt) => attempt.id), ...a.member, ...a.invitation, inbox.token, 'A-only', 'a-only', 'a-gala', 'a-header-value', 'Tenant A',
  );

  // B: a little of everything of its own, so its lists have something to show.
  const bForm = await postOk(op('post', '/forms'), keyB, { name: 'B form', externalId: 'b-form' });
  const bWebhook = await postOk(op('post', '/webhooks'), keyB, { url: receiver.url('/b'), events: ['*'], name: 'B webhook' });
  const bEvent = await postOk(op('post', '/events'), keyB, { type: 'person.created', data: { signup: { id: 9 } } });
  const bInbox = await postOk(op('post', '/inboxes'), keyB, { name: 'B inbox' });
  b.form = [bForm.formId];
  b.webhook = [bWebhook.webhookId];
  b.event = [bEvent.eventId];
  b.inbox = [bInbox.id];
  b.delivery = (await db.delivery.findMany({ where: { organizationId: orgB.id } })).map((delivery) => delivery.id);
  console.log(
    `setup: A has ${a.webhook.length} webhooks, ${a.delivery.length} deliveries with ${attempts.length} attempts, ${a.event.length}+ events, ` +
      `${a.form.length} forms, ${a.inbox.length} inbox with a request, an idempotency key; sub-organizations ${orgASub.slug}, ${orgASibling.slug}; B has one of each`,
  );
}, 120_000);

const A_TENANCY = () => [orgA.id, orgASub.id, orgASibling.id];

function idsFor(kind: ReturnType<typeof idKind>, ids: Ids): string[] {
  if (kind === 'webhook') return ids.webhook;
  if (kind === 'delivery') return ids.delivery;
  if (kind === 'inbox') return ids.inbox;
  if (kind === 'apiKey') return ids.apiKey;
  if (kind === 'member') return ids.member;
  if (kind === 'invitation') return ids.invitation;
  if (kind === 'organization') return ids.organization;
  return [];
}

/** Every operation that takes an id, with each of A's ids of that kind (and A's other ids too). */
async function expectEveryIdOperationNotFound(key: string, who: string): Promise<void> {
  for (const operation of OPERATIONS.filter((candidate) => candidate.path.includes('{'))) {
    const kind = idKind(operation);
    if (kind === 'eventType') {
      console.log(`${who}: ${label(operation)} names a catalog event type, not a row of any organization; skipped`);
      continue;
    }
    if (operation.auth === 'session') {
      // Keys are managed in the console only: any API key is refused before the id is looked at.
      for (const id of idsFor(kind, a)) {
        const response = await invoke(operation, { key, id });
        expect(response.status, `${label(operation)} ${id}`).toBe(403);
        expect(errorShapeProblem(response.status, response.body)).toBeNull();
      }
      console.log(`${who}: ${label(operation)} with A's ${idsFor(kind, a).length} key ids → 403 (console only; the session case is e2e/faults/tenancy.spec.ts)`);
      continue;
    }
    // The right kind of id, and for good measure a few of A's other ids.
    const ids = [...idsFor(kind, a), a.event[0], a.form[0], orgA.id];
    const codes = new Set<string>();
    for (const id of ids) {
      const response = await invoke(operation, { key, id });
      expect(response.status, `${who} ${label(operation)} ${id}: ${JSON.stringify(response.body)}`).toBe(404);
      expect(errorShapeProblem(response.status, response.body), label(operation)).toBeNull();
      expect(JSON.stringify(response.body)).not.toMatch(/A-only|a-only/);
      codes.add(response.body.error.code);
    }
    console.log(`${who}: ${label(operation)} with ${ids.length} of A's ids → 404 (${[...codes].join(', ')})`);
  }
}

function leakedNeedles(body: unknown): string[] {
  const text = JSON.stringify(body);
  return aNeedles.filter((needle) => text.includes(needle));
}

describe('tenant isolation', () => {
  let before: TableSnapshot;

  it("a key of B with every scope gets 404 for every operation on A's ids, and A's rows do not change", async () => {
    before = await snapshotOrganizations(A_TENANCY());
    await expectEveryIdOperationNotFound(keyB, 'B key');
    const after = await snapshotOrganizations(A_TENANCY());
    expect(changedTables(before, after)).toEqual([]);
    console.log(`checked: A's ${Object.keys(before).join(', ')} rows are identical before and after`);
  });

  it("lists answer B's rows only, whatever the filters and cursors name", async () => {
    const bPersonDeliveries = (await db.delivery.findMany({ where: { organizationId: orgB.id, eventType: 'person.created' } })).map((delivery) => delivery.id);
    const cases: { operation: Operation; query?: string; expectIds?: string[] }[] = [
      { operation: op('get', '/webhooks'), expectIds: b.webhook },
      { operation: op('get', '/webhooks'), query: `cursor=${encodeCursor('wh_zzzzzzzzzzzzzzzzzzzzzzzzzz')}`, expectIds: b.webhook },
      { operation: op('get', '/webhooks'), query: `cursor=${encodeCursor(a.webhook.at(-1)!)}` },
      { operation: op('get', '/deliveries'), expectIds: b.delivery },
      { operation: op('get', '/deliveries'), query: `webhookId=${a.webhook[0]}` },
      { operation: op('get', '/deliveries'), query: `event=person.created&cursor=${encodeCursor('msg_zzzzzzzzzzzzzzzzzzzzzzzzzz')}`, expectIds: bPersonDeliveries },
      { operation: op('get', '/forms'), expectIds: b.form },
      { operation: op('get', '/inboxes'), expectIds: b.inbox },
      { operation: op('get', '/stats'), expectIds: b.webhook },
      { operation: op('get', '/event-types') },
      { operation: op('get', '/organization'), expectIds: [orgB.id] },
      { operation: op('get', '/organizations') },
      { operation: op('get', '/audit-log') },
      { operation: op('get', '/audit-log'), query: `target=${a.webhook[0]}&cursor=${encodeCursor('aud_zzzzzzzzzzzzzzzzzzzzzzzzzz')}` },
    ];
    const listOperations = OPERATIONS.filter((operation) => operation.method === 'get' && !operation.path.includes('{') && operation.auth !== null);
    for (const operation of listOperations) {
      if (operation.auth === 'session') continue;
      expect(cases.some((entry) => entry.operation === operation), `${label(operation)} has a case here`).toBe(true);
    }
    for (const entry of cases) {
      const response = await invoke(entry.operation, { key: keyB, query: entry.query });
      const name = `${label(entry.operation)}${entry.query ? `?${entry.query}` : ''}`;
      expect(response.status, name).toBe(200);
      expect(leakedNeedles(response.body), name).toEqual([]);
      for (const id of entry.expectIds ?? []) expect(JSON.stringify(response.body), `${name} shows B's ${id}`).toContain(id);
      console.log(`B key: ${name} → 200 with none of A's ${aNeedles.length} ids/names${entry.expectIds ? `, and B's ${entry.expectIds.length} row(s)` : ''}`);
    }
  });

  it("B's inbox never checks a request against A's webhook secrets", async () => {
    const inbox = await db.inbox.findUniqueOrThrow({ where: { id: b.inbox[0] } });
    const received = await call(inboxReceiveRoute.POST as never, {
      method: 'POST',
      params: { token: inbox.token },
      headers: { 'webhook-id': a.delivery[0], 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' },
      rawBody: '{"claims":"to be A"}',
    });
    expect(received.status).toBe(200);
    const listed = await invoke(op('get', '/inboxes/{id}/requests'), { key: keyB, id: b.inbox[0] });
    expect(listed.status).toBe(200);
    expect(listed.body.data[0].signature.status).toBe('not_tidings');
    expect(leakedNeedles(listed.body.data[0].signature).filter((needle) => needle !== a.delivery[0])).toEqual([]);
    console.log(`B's inbox got a request claiming A's delivery ${a.delivery[0]}: listed as ${listed.body.data[0].signature.status}, no A webhook named`);
  });

  it("B's writes that name A's rows are refused or stay B's own; A's rows do not change", async () => {
    const countB = () => db.webhook.count({ where: { organizationId: orgB.id } });
    const webhooksBefore = await countB();
    const withAForm = await invoke(op('post', '/webhooks'), { key: keyB, body: { url: receiver.url('/b-x'), events: ['*'], allForms: false, formIds: [a.form[0]] } });
    expect(withAForm.status).toBe(400);
    expect(withAForm.body.error.issues[0].path).toBe('formIds.0');
    expect(await countB()).toBe(webhooksBefore);
    console.log(`B key: POST /webhooks with A's form ${a.form[0]} in formIds → 400 (${withAForm.body.error.issues[0].message}); no webhook created`);

    const bWebhookBefore = await db.webhook.findUniqueOrThrow({ where: { id: b.webhook[0] } });
    const patched = await invoke(op('patch', '/webhooks/{id}'), { key: keyB, id: b.webhook[0], body: { allForms: false, formIds: [a.form[1]] } });
    expect(patched.status).toBe(400);
    expect(await db.webhook.findUniqueOrThrow({ where: { id: b.webhook[0] } })).toEqual(bWebhookBefore);
    console.log(`B key: PATCH its own webhook with A's form ${a.form[1]} → 400; the webhook is unchanged`);

    const sameExternalId = await invoke(op('post', '/forms'), { key: keyB, body: { name: 'B takes a-gala?', externalId: 'a-gala' } });
    expect(sameExternalId.status).toBe(201);
    expect(a.form).not.toContain(sameExternalId.body.formId);
    console.log(`B key: POST /forms with A's externalId "a-gala" → 201 with a new form ${sameExternalId.body.formId} of B (A's form untouched)`);

    const replayedKey = await invoke(op('post', '/events'), { key: keyB, body: sharedEventBody, headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
    expect(replayedKey.status).toBe(202);
    expect(replayedKey.headers.get('idempotent-replayed')).toBeNull();
    expect(a.event).not.toContain(replayedKey.body.eventId);
    expect((await db.event.findUniqueOrThrow({ where: { id: replayedKey.body.eventId } })).organizationId).toBe(orgB.id);
    const otherBody = await invoke(op('post', '/events'), { key: keyB, body: { type: 'person.created', data: { signup: { id: 10 } } }, headers: { 'idempotency-key': 'a-only-never-used-by-b' } });
    expect(otherBody.status).toBe(202);
    console.log(`B key: POST /events with A's Idempotency-Key and A's body → 202 with B's own event ${replayedKey.body.eventId}, not A's replayed response`);

    const withAFormEvent = await invoke(op('post', '/events'), { key: keyB, body: { type: 'donation.created', data: getEventType('donation.created')!.sample(), formId: a.form[0] } });
    expect(withAFormEvent.status).toBe(202);
    expect((await db.event.findUniqueOrThrow({ where: { id: withAFormEvent.body.eventId } })).organizationId).toBe(orgB.id);
    expect(await db.delivery.count({ where: { eventId: withAFormEvent.body.eventId, organizationId: { not: orgB.id } } })).toBe(0);
    console.log(`B key: POST /events naming A's form → 202, an event of B's delivered to none of A's webhooks (A's form-limited webhook not matched)`);

    const counts = await countAllRows();
    for (const organizationId of [orgA.id, orgASub.id, 'org_0000000000nosuchorg00000']) {
      const response = await invoke(op('post', '/events'), { key: keyB, body: { ...(validBody(op('post', '/events')) as object), organizationId } });
      expect(response.status, organizationId).toBe(404);
      expect(response.body.error.code).toBe('organization_not_found');
    }
    expect(await countAllRows()).toEqual(counts);
    console.log(`B key: POST /events with organizationId of A, of A's sub-organization, of no organization → 404 organization_not_found each; no row created anywhere`);

    const organizationsBefore = await countAllRows();
    for (const parentId of [orgA.id, orgASub.id]) {
      const response = await invoke(op('post', '/organizations'), { key: keyB, body: { name: 'B under A', slug: `b-under-${parentId.slice(-6)}`, parentId } });
      expect(response.status, parentId).toBe(404);
      expect(response.body.error.code).toBe('organization_not_found');
    }
    expect(await countAllRows()).toEqual(organizationsBefore);
    console.log(`B key: POST /organizations with parentId of A and of A's sub-organization → 404 each; no organization created`);

    expect(changedTables(before, await snapshotOrganizations(A_TENANCY()))).toEqual([]);
    console.log("checked: A's rows are identical to the first snapshot");
  });

  it("a sub-organization cannot reach its parent's rows, nor send events for its parent or siblings", async () => {
    const snapshot = await snapshotOrganizations(A_TENANCY());
    await expectEveryIdOperationNotFound(keyASub, 'A-East key');
    // The delivery of the sub-organization's own event to the parent's webhook is the parent's.
    const detail = await invoke(op('get', '/deliveries/{id}'), { key: keyASub, id: aSubDeliveryToA });
    expect(detail.status).toBe(404);
    const listed = await invoke(op('get', '/deliveries'), { key: keyASub });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
    for (const operation of [op('get', '/webhooks'), op('get', '/forms'), op('get', '/inboxes'), op('get', '/stats')]) {
      const response = await invoke(operation, { key: keyASub });
      expect(response.status).toBe(200);
      expect(leakedNeedles(response.body).filter((needle) => needle !== orgASub.id)).toEqual([]);
    }
    console.log(`A-East key: its own event's delivery ${aSubDeliveryToA} to A's webhook → 404; deliveries, webhooks, forms, inboxes and stats lists show none of A's rows`);

    const counts = await countAllRows();
    for (const [name, organizationId] of [['parent A', orgA.id], ['sibling A-West', orgASibling.id], ['unrelated B', orgB.id]] as const) {
      const response = await invoke(op('post', '/events'), { key: keyASub, body: { ...(validBody(op('post', '/events')) as object), organizationId } });
      expect(response.status, name).toBe(404);
      expect(errorShapeProblem(response.status, response.body)).toBeNull();
      console.log(`A-East key: POST /events with organizationId of the ${name} → 404 ${response.body.error.code}`);
    }
    expect(await countAllRows()).toEqual(counts);
    expect(changedTables(snapshot, await snapshotOrganizations(A_TENANCY()))).toEqual([]);
    console.log('checked: no row created anywhere; A and its sub-organizations unchanged');

    // The other direction is allowed (docs/security-model.md#tenancy: own or descendant): the refusal above is not blanket.
    const down = await invoke(op('post', '/events'), { key: keyA, body: { ...(validBody(op('post', '/events')) as object), organizationId: orgASub.id } });
    expect(down.status).toBe(202);
    expect((await db.event.findUniqueOrThrow({ where: { id: down.body.eventId } })).organizationId).toBe(orgASub.id);
    console.log(`control: A's key sending for its sub-organization ${orgASub.slug} → 202`);
  });

  it('cookies of the console never stand in for a key, and a malformed one is not a 500', async () => {
    // Without a session a tidings_org cookie means nothing: 401, even a forged or broken one.
    for (const cookie of [`tidings_org=${orgA.id}`, 'tidings_org=%', 'tidings_org=%E0%A4%A', `tidings_org=${'x'.repeat(5000)}`]) {
      const response = await call(await handlerFor(op('get', '/webhooks')), { headers: { cookie } });
      expect(response.status, cookie.slice(0, 40)).toBe(401);
      expect(errorShapeProblem(response.status, response.body)).toBeNull();
    }
    // With B's key the cookie is ignored: the key's organization decides.
    const withKey = await call(await handlerFor(op('get', '/webhooks')), { key: keyB, headers: { cookie: `tidings_org=${orgA.id}` } });
    expect(withKey.status).toBe(200);
    expect(leakedNeedles(withKey.body)).toEqual([]);
    console.log('no session + tidings_org naming A, "%", a broken escape, 5,000 chars → 401 each; B key + tidings_org naming A → only B\'s webhooks');
  });
});
