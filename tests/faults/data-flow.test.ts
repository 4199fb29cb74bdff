import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as resendRoute from '../../app/api/v1/deliveries/[id]/resend/route';
import * as deliveryRoute from '../../app/api/v1/deliveries/[id]/route';
import * as deliveriesRoute from '../../app/api/v1/deliveries/route';
import * as inboxRequestsRoute from '../../app/api/v1/inboxes/[id]/requests/route';
import * as inboxesRoute from '../../app/api/v1/inboxes/route';
import * as sharedTokenRoute from '../../app/api/v1/organization/shared-token/route';
import * as webhookDeliveriesRoute from '../../app/api/v1/webhooks/[id]/deliveries/route';
import * as portalLinksRoute from '../../app/api/v1/webhooks/[id]/portal-links/route';
import * as replayRoute from '../../app/api/v1/webhooks/[id]/replay/route';
import * as resumeRoute from '../../app/api/v1/webhooks/[id]/resume/route';
import * as webhookRoute from '../../app/api/v1/webhooks/[id]/route';
import * as testRoute from '../../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../../app/api/v1/webhooks/route';
import * as portalSessionRoute from '../../app/api/portal/[token]/route';
import * as portalDeliveriesRoute from '../../app/api/portal/[token]/deliveries/route';
import * as portalDeliveryRoute from '../../app/api/portal/[token]/deliveries/[id]/route';
import * as portalResendRoute from '../../app/api/portal/[token]/deliveries/[id]/resend/route';
import * as portalTestRoute from '../../app/api/portal/[token]/test/route';
import * as receiveRoute from '../../app/inbox/[token]/route';
import { hashApiKeyToken } from '../../lib/api-keys/api-key-token';
import { revokeApiKey } from '../../lib/api-keys/revoke-api-key';
import type { Scope } from '../../lib/auth/scopes';
import { db, pool } from '../../lib/db';
import { getEventType } from '../../lib/events/catalog/definitions';
import { emitEvent } from '../../lib/events/emit';
import { createId } from '../../lib/ids';
import { createPortalLink } from '../../lib/portal/manage-portal-links';
import { call, createKey, createOrganization } from '../support/fixtures';
import { waitUntil } from '../support/processes';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { withWorkerAndReceiver } from '../support/worker-and-receiver';

// docs/security-model.md#one-rule: a caller may move or read an event's data only if it
// may read that event's type, judged on the rows that will actually move or be shown:
// history, held, queued and future deliveries alike. Each case below starts from a
// webhook that holds donations (delivered, retrying and held), takes the smallest key
// that may call the operation, and tries to get a donor's email to a receiver the
// attacker controls or into a response body. A control at the end of each shows the same
// path does carry the data for a caller who may read it, so a leak would be seen.

const { receiver } = withWorkerAndReceiver();
// A second receiver: another origin (port) than the webhooks' own, as an attacker's server is.
const elsewhere = new Receiver();
beforeAll(async () => {
  await elsewhere.start();
});
afterAll(() => elsewhere.stop());

let counter = 0;

function donation(email: string) {
  const data = structuredClone(getEventType('donation.created')!.sample()) as { donation: { donor: { email: string } } };
  data.donation.donor.email = email;
  return data;
}

type Holding = { organizationId: string; admin: string; webhookId: string; path: string; emails: string[]; delivered: string; retrying: string; held: string };

async function statusOf(deliveryId: string): Promise<string> {
  const { rows } = await pool().query<{ status: string }>(`select status from "Delivery" where id = $1`, [deliveryId]);
  return rows[0].status;
}

/**
 * A donation webhook that holds donor data three ways: one donation delivered
 * (SUCCEEDED, history), one RETRYING (its receiver answered 500; the next try is a
 * minute away) and one HELD (it came while the webhook was paused).
 */
async function donationWebhook(events: string[] = ['donation.*']): Promise<Holding> {
  counter += 1;
  const path = `/crm-${counter}`;
  const emails = [`delivered-${counter}@donor.example`, `retrying-${counter}@donor.example`, `held-${counter}@donor.example`];
  const organization = await createOrganization();
  const admin = await createKey(organization.id);
  const created = await call(webhooksRoute.POST, { method: 'POST', key: admin, body: { url: receiver.url(path), events } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const webhookId: string = created.body.webhookId;
  const delivered = (await emitEvent({ organizationId: organization.id, type: 'donation.created', data: donation(emails[0]) })).deliveries[0].id;
  await waitUntil(async () => (await statusOf(delivered)) === 'SUCCEEDED', 20_000, 'the first donation to be delivered');
  receiver.reply(path, () => ({ status: 500 }));
  const retrying = (await emitEvent({ organizationId: organization.id, type: 'donation.created', data: donation(emails[1]) })).deliveries[0].id;
  await waitUntil(async () => (await statusOf(retrying)) === 'RETRYING', 20_000, 'the second donation to be retrying');
  expect((await call(webhookRoute.PATCH, { method: 'PATCH', key: admin, params: { id: webhookId }, body: { status: 'PAUSED' } })).status).toBe(200);
  const held = (await emitEvent({ organizationId: organization.id, type: 'donation.created', data: donation(emails[2]) })).deliveries[0].id;
  await waitUntil(async () => (await statusOf(held)) === 'HELD', 20_000, 'the third donation to be held');
  return { organizationId: organization.id, admin, webhookId, path, emails, delivered, retrying, held };
}

function mentions(text: unknown, emails: readonly string[]): boolean {
  const body = typeof text === 'string' ? text : JSON.stringify(text);
  return emails.some((email) => body.includes(email));
}

function receivedMentioning(requests: readonly ReceivedRequest[], emails: readonly string[]): number {
  return requests.filter((request) => mentions(request.body, emails)).length;
}

const patch = (key: string, webhookId: string, body: unknown) => call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhookId }, body });
const resume = (key: string, webhookId: string, held: 'send' | 'discard') => call(resumeRoute.POST, { method: 'POST', key, params: { id: webhookId }, body: { held } });
const replay = (key: string, webhookId: string, status = 'SUCCEEDED') =>
  call(replayRoute.POST, { method: 'POST', key, params: { id: webhookId }, body: { since: 1, status, includeSucceeded: true } });
const resend = (key: string, deliveryId: string) => call(resendRoute.POST, { method: 'POST', key, params: { id: deliveryId } });

async function portalToken(key: string, webhookId: string, body: unknown = { expiresInHours: 24 }) {
  const response = await call(portalLinksRoute.POST, { method: 'POST', key, params: { id: webhookId }, path: `/api/v1/webhooks/${webhookId}/portal-links`, body });
  return { response, token: response.status === 201 ? (new URL(response.body.url).pathname.split('/').pop() as string) : '' };
}

const portal = {
  session: (token: string) => call(portalSessionRoute.GET, { params: { token }, path: `/api/portal/${token}` }),
  list: (token: string) => call(portalDeliveriesRoute.GET, { params: { token }, path: `/api/portal/${token}/deliveries` }),
  detail: (token: string, id: string) => call(portalDeliveryRoute.GET, { params: { token, id }, path: `/api/portal/${token}/deliveries/${id}` }),
  resend: (token: string, id: string) => call(portalResendRoute.POST, { method: 'POST', params: { token, id }, path: `/api/portal/${token}/deliveries/${id}/resend` }),
  test: (token: string, event: string) => call(portalTestRoute.POST, { method: 'POST', params: { token }, path: `/api/portal/${token}/test`, body: { event } }),
};

describe('the four reproductions', () => {
  it('portal after re-subscribing: the PATCH that drops the donation events is refused, and no link shows a donation', async () => {
    const hook = await donationWebhook();
    const key = await createKey(hook.organizationId, ['webhooks:read', 'webhooks:write', 'deliveries:read']);
    const bodies: unknown[] = [];
    const first = await portalToken(key, hook.webhookId);
    bodies.push(first.response.body);
    expect(first.response.status).toBe(403);
    const resubscribed = await patch(key, hook.webhookId, { events: ['webhook.disabled'] });
    bodies.push(resubscribed.body);
    expect(resubscribed.status).toBe(403);
    expect(resubscribed.body.error.missingScopes).toEqual(['view:transactions']);
    const second = await portalToken(key, hook.webhookId);
    bodies.push(second.response.body);
    expect(second.response.status).toBe(403);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: hook.webhookId } })).events).toEqual(['donation.*']);
    expect(mentions(bodies, hook.emails)).toBe(false);
  });

  it('resume after re-pointing: neither the PATCH nor the resume sends the held and queued donations anywhere', async () => {
    const hook = await donationWebhook();
    const key = await createKey(hook.organizationId, ['webhooks:read', 'webhooks:write', 'deliveries:read']);
    const repointed = await patch(key, hook.webhookId, { events: ['webhook.disabled'], url: elsewhere.url('/mine') });
    expect(repointed.status).toBe(403);
    expect(repointed.body.error.missingScopes).toEqual(['view:transactions']);
    const resumed = await resume(key, hook.webhookId, 'send');
    expect(resumed.status).toBe(403);
    expect(resumed.body.error.missingScopes).toEqual(['view:transactions']);
    expect(await statusOf(hook.held)).toBe('HELD');
    expect((await db.webhook.findUniqueOrThrow({ where: { id: hook.webhookId } })).url).toBe(receiver.url(hook.path));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(elsewhere.on('/mine')).toEqual([]);
  });

  it("a parent's NationBuilder token: a sub-organization key cannot make a webhook that would send it", async () => {
    const parent = await createOrganization();
    const parentKey = await createKey(parent.id);
    const set = await call(sharedTokenRoute.PUT, { method: 'PUT', key: parentKey, body: { token: 'parent-nation-token-0123456789' } });
    expect(set.status).toBe(204);
    const child = await createOrganization({ parentId: parent.id });
    const childKey = await createKey(child.id, ['webhooks:read', 'webhooks:write']);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key: childKey,
      body: { url: elsewhere.url('/nation'), events: ['webhook.disabled'], format: 'nationbuilder' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(403);
    expect(created.body.error.message).toMatch(/own shared token/i);
    expect(JSON.stringify(created.body)).not.toContain('parent-nation-token');
    // Re-formatting an existing webhook of the sub-organization is the same door.
    const plain = await call(webhooksRoute.POST, { method: 'POST', key: childKey, body: { url: elsewhere.url('/nation-2'), events: ['webhook.disabled'] } });
    expect(plain.status).toBe(201);
    const reformatted = await patch(childKey, plain.body.webhookId, { format: 'nationbuilder' });
    expect(reformatted.status).toBe(403);
    // Control: with a token of its own, the sub-organization sends its own token, never the parent's.
    expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key: childKey, body: { token: 'child-nation-token-0123456789' } })).status).toBe(204);
    const own = await call(webhooksRoute.POST, { method: 'POST', key: childKey, body: { url: elsewhere.url('/nation-3'), events: ['webhook.disabled'], format: 'nationbuilder' } });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const tested = await call(testRoute.POST, { method: 'POST', key: childKey, params: { id: own.body.webhookId }, body: { event: 'webhook.disabled' } });
    expect(tested.status).toBe(202);
    await elsewhere.waitForCount('/nation-3', 1);
    expect(elsewhere.on('/nation-3')[0].body).toContain('child-nation-token-0123456789');
    expect(elsewhere.requests.some((request) => request.body.includes('parent-nation-token'))).toBe(false);
  });
});

describe('every flow field of a PATCH, held against a key that may not read the held data', () => {
  // The webhook's subscription is changed (by someone allowed) to person events, but it still
  // holds donations: retrying and held. A key that may read people, not donations, tries each
  // field that changes where or how the webhook sends.
  it('is refused for every flow field while donations are held or queued, and allowed once none are', async () => {
    const hook = await donationWebhook();
    expect((await patch(hook.admin, hook.webhookId, { events: ['person.created'] })).status).toBe(200);
    const contacts = await createKey(hook.organizationId, ['webhooks:read', 'webhooks:write', 'deliveries:read', 'view:contacts']);
    const fields: Record<string, unknown> = {
      url: elsewhere.url('/flow'),
      events: ['person.*'],
      format: 'webconnex',
      allForms: true,
      resourceId: 'res-1',
      includeSubOrganizations: true,
      apiToken: 'attacker-token',
      customHeaders: { 'X-Mine': '1' },
      status: 'ACTIVE',
    };
    for (const [field, value] of Object.entries(fields)) {
      const response = await patch(contacts, hook.webhookId, { [field]: value });
      expect(response.status, `${field}: ${JSON.stringify(response.body)}`).toBe(403);
      expect(response.body.error.missingScopes, field).toEqual(['view:transactions']);
      expect(mentions(response.body, hook.emails)).toBe(false);
    }
    // Name and description move nothing.
    expect((await patch(contacts, hook.webhookId, { name: 'Renamed' })).status).toBe(200);
    const resumed = await resume(contacts, hook.webhookId, 'send');
    expect(resumed.status).toBe(403);
    expect(resumed.body.error.missingScopes).toEqual(['view:transactions']);

    // Once nothing of donations is held or queued, the same key may re-point the person webhook.
    expect((await resume(hook.admin, hook.webhookId, 'discard')).status).toBe(200);
    await pool().query(`update "Delivery" set status = 'FAILED', "lastError" = 'given up' where id = $1`, [hook.retrying]);
    const moved = await patch(contacts, hook.webhookId, { url: elsewhere.url('/flow') });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    // Its history still holds donations. Whoever replays or resends them now sends them to the
    // destination this key chose, and this key may not read them: refused, for the admin too,
    // until someone who may read donations sets the destination again.
    const replayed = await replay(hook.admin, hook.webhookId);
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(403);
    expect(replayed.body.error.message).toMatch(/destination/);
    expect((await resend(hook.admin, hook.delivered)).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receivedMentioning(elsewhere.on('/flow'), hook.emails)).toBe(0);

    // Control: the admin sets the destination itself; the replay then carries the donation there.
    expect((await patch(hook.admin, hook.webhookId, { url: elsewhere.url('/flow') })).status).toBe(200);
    const allowed = await replay(hook.admin, hook.webhookId);
    expect(allowed.status).toBe(202);
    await elsewhere.waitFor(() => receivedMentioning(elsewhere.on('/flow'), hook.emails) >= 1);
  });
});

describe('resend, replay and Send a Test check the rows they send', () => {
  it('refuses a key without the donation scope, whatever the subscription says', async () => {
    const hook = await donationWebhook();
    expect((await patch(hook.admin, hook.webhookId, { events: ['person.created'] })).status).toBe(200);
    const contacts = await createKey(hook.organizationId, ['webhooks:write', 'deliveries:read', 'deliveries:write', 'view:contacts']);
    for (const id of [hook.delivered, hook.retrying, hook.held]) {
      const response = await resend(contacts, id);
      expect(response.status).toBe(403);
      expect(response.body.error.missingScopes).toEqual(['view:transactions']);
    }
    expect((await replay(contacts, hook.webhookId)).status).toBe(403);
    const tested = await call(testRoute.POST, { method: 'POST', key: contacts, params: { id: hook.webhookId }, body: { event: 'donation.created' } });
    expect(tested.status).toBe(403);
    // Reads: a list without donations, a donation's detail refused.
    const listed = await call(deliveriesRoute.GET, { key: contacts, path: '/api/v1/deliveries' });
    expect(listed.status).toBe(200);
    expect(mentions(listed.body, hook.emails)).toBe(false);
    expect(listed.body.data.some((row: { eventType: string }) => row.eventType.startsWith('donation.'))).toBe(false);
    const ofWebhook = await call(webhookDeliveriesRoute.GET, { key: contacts, params: { id: hook.webhookId }, path: `/api/v1/webhooks/${hook.webhookId}/deliveries` });
    expect(mentions(ofWebhook.body, hook.emails)).toBe(false);
    const detail = await call(deliveryRoute.GET, { key: contacts, params: { id: hook.delivered }, path: `/api/v1/deliveries/${hook.delivered}` });
    expect(detail.status).toBe(403);
    expect(mentions(detail.body, hook.emails)).toBe(false);
    expect(await statusOf(hook.held)).toBe('HELD');
  });
});

describe('portal links carry the scopes of whoever made them', () => {
  it('lists, shows, tests and resends only what the maker may read, and dies with the maker', async () => {
    const hook = await donationWebhook();
    // The subscription moves to people (by the admin); the history keeps its donations.
    expect((await patch(hook.admin, hook.webhookId, { events: ['person.created'], status: 'ACTIVE' })).status).toBe(200);
    await resume(hook.admin, hook.webhookId, 'discard');
    const person = (await emitEvent({ organizationId: hook.organizationId, type: 'person.created', data: getEventType('person.created')!.sample() })).deliveries[0].id;
    const maker = await createKey(hook.organizationId, ['webhooks:write', 'deliveries:read', 'deliveries:write', 'view:contacts']);
    const { response, token } = await portalToken(maker, hook.webhookId, { expiresInHours: 24, allowResend: true });
    expect(response.status, JSON.stringify(response.body)).toBe(201);

    const listed = await portal.list(token);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toContain(person);
    expect(listed.body.data.some((row: { eventType: string }) => row.eventType.startsWith('donation.'))).toBe(false);
    expect(mentions(listed.body, hook.emails)).toBe(false);
    for (const id of [hook.delivered, hook.retrying]) {
      const detail = await portal.detail(token, id);
      expect(detail.status).toBe(404);
      expect(mentions(detail.body, hook.emails)).toBe(false);
      expect((await portal.resend(token, id)).status).toBe(404);
    }
    expect((await portal.test(token, 'donation.created')).status).toBe(403);
    expect((await portal.detail(token, person)).status).toBe(200);

    // The key that made it is revoked: the link ends with it.
    const keyRow = await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKeyToken(maker) } });
    await revokeApiKey({ organizationId: hook.organizationId, apiKeyId: keyRow.id });
    expect((await portal.session(token)).status).toBe(410);
    expect((await portal.list(token)).status).toBe(410);

    // A link made by a console member ends when the member is removed.
    const user = await db.user.create({ data: { id: createId('usr'), email: `member-${counter}@team.example`, name: 'Member', passwordHash: 'x' } });
    const membership = await db.membership.create({ data: { id: createId('mem'), userId: user.id, organizationId: hook.organizationId, role: 'admin' } });
    const made = await createPortalLink({
      organizationId: hook.organizationId,
      webhookId: hook.webhookId,
      data: { expiresInHours: 24, allowResend: false },
      scopes: ['webhooks:write', 'deliveries:read', 'view:contacts', 'view:transactions', 'view:forms'] as Scope[],
      createdBy: `user:${user.id}`,
      origin: 'http://localhost',
    });
    const memberToken = new URL(made.url).pathname.split('/').pop()!;
    expect((await portal.session(memberToken)).status).toBe(200);
    await db.membership.delete({ where: { id: membership.id } });
    expect((await portal.session(memberToken)).status).toBe(410);
  });

  it('Send a Test through a portal needs a link that may resend and an active webhook', async () => {
    const organization = await createOrganization();
    const admin = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key: admin, body: { url: receiver.url('/portal-test'), events: ['person.created'] } });
    const webhookId: string = created.body.webhookId;
    const readOnly = await portalToken(admin, webhookId, { expiresInHours: 1, allowResend: false });
    expect((await portal.test(readOnly.token, 'person.created')).status).toBe(403);
    const resending = await portalToken(admin, webhookId, { expiresInHours: 1, allowResend: true });
    expect((await portal.test(resending.token, 'person.created')).status).toBe(202);
    expect((await patch(admin, webhookId, { status: 'PAUSED' })).status).toBe(200);
    const paused = await portal.test(resending.token, 'person.created');
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toMatch(/paused/i);
  });
});

describe('write-only secrets do not follow the URL to another receiver', () => {
  it('a URL moved to another origin drops the API token and custom header values unless the PATCH sends them again', async () => {
    const organization = await createOrganization();
    const admin = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key: admin,
      body: { url: receiver.url('/secrets'), events: ['person.created'], format: 'webconnex', apiToken: 'crm-api-token-secret', customHeaders: { 'X-Api-Key': 'crm-header-secret' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const webhookId: string = created.body.webhookId;
    const contacts = await createKey(organization.id, ['webhooks:read', 'webhooks:write', 'view:contacts']);
    // The same origin (another path on the same receiver) keeps them.
    const samePlace = await patch(contacts, webhookId, { url: receiver.url('/secrets-2') });
    expect(samePlace.status).toBe(200);
    expect(samePlace.body.hasApiToken).toBe(true);
    const moved = await patch(contacts, webhookId, { url: elsewhere.url('/stolen') });
    expect(moved.status).toBe(200);
    expect(moved.body.hasApiToken).toBe(false);
    expect(moved.body.customHeaders).toEqual({});
    expect(moved.body.clearedSecrets).toEqual(['apiToken', 'customHeaders']);
    expect((await call(testRoute.POST, { method: 'POST', key: contacts, params: { id: webhookId }, body: { event: 'person.created' } })).status).toBe(202);
    await elsewhere.waitForCount('/stolen', 1);
    const stolen = elsewhere.on('/stolen')[0];
    expect(JSON.stringify(stolen)).not.toContain('crm-api-token-secret');
    expect(JSON.stringify(stolen)).not.toContain('crm-header-secret');
    // Control: a PATCH that sends them again keeps what it sent.
    const resupplied = await patch(admin, webhookId, { url: receiver.url('/secrets-3'), apiToken: 'new-token-value', customHeaders: { 'X-Api-Key': 'new-header-value' } });
    expect(resupplied.body.hasApiToken).toBe(true);
    expect(resupplied.body.clearedSecrets ?? []).toEqual([]);
  });
});

describe('inbox reads follow event scopes', () => {
  it('withholds donation bodies from a key that may not read donations, and masks custom header values', async () => {
    const organization = await createOrganization();
    const admin = await createKey(organization.id);
    const inbox = await call(inboxesRoute.POST, { method: 'POST', key: admin, body: { name: 'Scoped inbox' } });
    expect(inbox.status).toBe(201);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key: admin,
      body: { url: receiver.url('/inbox-relay'), events: ['donation.created', 'person.created'], customHeaders: { 'X-Relay-Route': 'relay-header-secret' } },
    });
    expect(created.status).toBe(201);
    await emitEvent({ organizationId: organization.id, type: 'donation.created', data: donation('inbox-donor@donor.example') });
    await emitEvent({ organizationId: organization.id, type: 'person.created', data: getEventType('person.created')!.sample() });
    await receiver.waitForCount('/inbox-relay', 3);
    const receive = receiveRoute.POST as unknown as Parameters<typeof call>[0];
    for (const request of receiver.on('/inbox-relay')) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined || ['host', 'content-length', 'connection'].includes(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const stored = await call(receive, { method: 'POST', path: `/inbox/${inbox.body.token}`, params: { token: inbox.body.token }, headers, rawBody: request.body });
      expect(stored.status).toBe(200);
    }
    const list = (key: string) => call(inboxRequestsRoute.GET, { key, params: { id: inbox.body.id }, path: `/api/v1/inboxes/${inbox.body.id}/requests` });

    const readerOnly = await list(await createKey(organization.id, ['deliveries:read']));
    expect(readerOnly.status).toBe(200);
    expect(readerOnly.body.data).toHaveLength(3);
    expect(JSON.stringify(readerOnly.body)).not.toContain('inbox-donor@donor.example');
    expect(JSON.stringify(readerOnly.body)).not.toContain('relay-header-secret');
    const withheld = readerOnly.body.data.filter((row: { withheld?: { missingScopes: string[] } }) => row.withheld);
    expect(withheld).toHaveLength(2);
    expect(withheld.every((row: { withheld: { missingScopes: string[] }; body: string }) => row.body === '' && row.withheld.missingScopes.length > 0)).toBe(true);

    const contacts = await list(await createKey(organization.id, ['deliveries:read', 'view:contacts']));
    expect(contacts.body.data.filter((row: { withheld?: unknown }) => row.withheld)).toHaveLength(1);
    expect(JSON.stringify(contacts.body)).not.toContain('inbox-donor@donor.example');

    // Control: a key that may read donations sees the donor; the header value stays masked.
    const full = await list(await createKey(organization.id, ['deliveries:read', 'view:transactions', 'view:contacts']));
    expect(JSON.stringify(full.body)).toContain('inbox-donor@donor.example');
    expect(JSON.stringify(full.body)).not.toContain('relay-header-secret');
    expect(full.body.data.every((row: { headers: Record<string, string> }) => row.headers['x-relay-route'] === '••••••••')).toBe(true);
  });
});
