import { beforeAll, describe, expect, it } from 'vitest';
import * as receiveRoute from '../app/inbox/[token]/route';
import * as inboxRequestsRoute from '../app/api/v1/inboxes/[id]/requests/route';
import * as inboxRoute from '../app/api/v1/inboxes/[id]/route';
import * as inboxesRoute from '../app/api/v1/inboxes/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import * as rotateRoute from '../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import type { ReceivedRequest } from './support/receiver';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// The inbox stores what reaches /inbox/<token>. Here the worker delivers to a loopback
// receiver (the test process has no web server), and each real request is replayed,
// byte for byte, into the inbox's receiving route.

const { receiver } = withWorkerAndReceiver();
let organizationA: string;
let organizationB: string;
let keyA: string;
let keyB: string;
let pathCounter = 0;

beforeAll(async () => {
  organizationA = (await createOrganization()).id;
  organizationB = (await createOrganization()).id;
  keyA = await createKey(organizationA);
  keyB = await createKey(organizationB);
});

async function createInbox(key: string, name: string) {
  const response = await call(inboxesRoute.POST, { method: 'POST', key, body: { name } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string; token: string; url: string; path: string };
}

/** A webhook delivering to the loopback receiver, and the ping it sent, as received. */
async function webhookWithPing(key: string, body: Record<string, unknown> = {}) {
  pathCounter += 1;
  const path = `/inbox-hook-${pathCounter}`;
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events: ['*'], ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await receiver.waitForCount(path, 1);
  return { webhook: response.body as { webhookId: string; secret: string; name: string }, ping: receiver.on(path)[0] };
}

async function forwardToInbox(token: string, request: Pick<ReceivedRequest, 'headers' | 'body'>) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || ['host', 'content-length', 'connection'].includes(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // The receiving route types its params as { token }; `call` passes any params.
  const receive = receiveRoute.POST as unknown as Parameters<typeof call>[0];
  const response = await call(receive, { method: 'POST', path: `/inbox/${token}`, params: { token }, headers, rawBody: request.body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function listRequests(key: string, inboxId: string, query = '') {
  const response = await call(inboxRequestsRoute.GET, { key, path: `/api/v1/inboxes/${inboxId}/requests${query}`, params: { id: inboxId } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { data: { id: string; method: string; body: string; headers: Record<string, string>; signature: Record<string, unknown> }[]; nextCursor: string | null };
}

describe('inboxes', () => {
  it('creates an inbox with a URL to paste into a webhook, and lists only the organization’s own', async () => {
    const inbox = await createInbox(keyA, '  Staging receiver  ');
    expect(inbox.name).toBe('Staging receiver');
    expect(inbox.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(inbox.path).toBe(`/inbox/${inbox.token}`);
    expect(inbox.url).toBe(`http://localhost/inbox/${inbox.token}`);
    await createInbox(keyB, 'Other tenant');

    const listed = await call(inboxesRoute.GET, { key: keyA, path: '/api/v1/inboxes' });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { name: string }) => row.name)).toContain('Staging receiver');
    expect(listed.body.data.map((row: { name: string }) => row.name)).not.toContain('Other tenant');
  });

  it('refuses a blank or long name with a field error, and callers that may not write', async () => {
    const blank = await call(inboxesRoute.POST, { method: 'POST', key: keyA, body: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.issues).toEqual([{ path: 'name', message: 'Give the inbox a name' }]);
    const long = await call(inboxesRoute.POST, { method: 'POST', key: keyA, body: { name: 'x'.repeat(101) } });
    expect(long.status).toBe(400);
    expect(long.body.error.issues[0].path).toBe('name');
    const readOnly = await createKey(organizationA, ['webhooks:read', 'deliveries:read']);
    const forbidden = await call(inboxesRoute.POST, { method: 'POST', key: readOnly, body: { name: 'Nope' } });
    expect(forbidden.status).toBe(403);
  });

  it("answers 404 for another organization's inbox", async () => {
    const inbox = await createInbox(keyA, 'Private');
    const detail = await call(inboxRoute.GET, { key: keyB, params: { id: inbox.id } });
    expect(detail.status).toBe(404);
    const requests = await call(inboxRequestsRoute.GET, { key: keyB, params: { id: inbox.id } });
    expect(requests.status).toBe(404);
    expect(requests.body.error.code).toBe('not_found');
    const own = await call(inboxRoute.GET, { key: keyA, params: { id: inbox.id } });
    expect(own.status).toBe(200);
    expect(own.body.token).toBe(inbox.token);
  });
});

describe('received requests', () => {
  it("verifies a real delivery's signature and never returns the secret", async () => {
    const inbox = await createInbox(keyA, 'Verifying');
    const { webhook, ping } = await webhookWithPing(keyA, { name: 'Signed hook', apiToken: 'tok_live_abcdefghijklmnop' });
    await forwardToInbox(inbox.token, ping);
    await forwardToInbox(inbox.token, { headers: ping.headers, body: ping.body.replace('"ping"', '"pong"') });
    await forwardToInbox(inbox.token, { headers: { 'content-type': 'text/plain' }, body: 'hello' });

    const { data } = await listRequests(keyA, inbox.id);
    expect(data).toHaveLength(3);
    const [plain, tampered, genuine] = data; // newest first
    expect(genuine.signature).toMatchObject({
      status: 'valid',
      scheme: 'standard',
      webhookId: webhook.webhookId,
      webhookName: 'Signed hook',
      eventType: 'ping',
      secret: 'current',
      deliveryId: ping.headers['webhook-id'],
    });
    expect(genuine.method).toBe('POST');
    expect(JSON.parse(genuine.body).type).toBe('ping');
    // The webhook's API token reached the inbox as an Authorization header, which the inbox does not keep.
    expect(genuine.headers.authorization).toBeUndefined();
    expect(tampered.signature).toMatchObject({ status: 'invalid', webhookId: webhook.webhookId });
    expect(plain.signature).toMatchObject({ status: 'not_tidings' });
    const detail = await call(inboxRoute.GET, { key: keyA, params: { id: inbox.id } });
    expect(detail.body.lastReceivedAt).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    expect(text).not.toContain(webhook.secret);
    expect(text).not.toContain(webhook.secret.slice(6));
    expect(text).not.toContain('tok_live_abcdefghijklmnop');
  });

  it('shows the request as the sender sent it, without the headers the web server adds on the way in', async () => {
    const inbox = await createInbox(keyA, 'As sent');
    const { ping } = await webhookWithPing(keyA, { name: 'As-sent hook' });
    const added = {
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'localhost:3000',
      'x-tidings-client-address': '127.0.0.1',
      'x-tidings-client-address-signature': 'stamp',
      'x-nonce': 'bm9uY2U=',
      'content-security-policy': "default-src 'self'",
    };
    await forwardToInbox(inbox.token, { headers: { ...ping.headers, ...added }, body: ping.body });
    const [stored] = (await listRequests(keyA, inbox.id)).data;
    const sent = Object.keys(ping.headers).filter((name) => !['host', 'content-length', 'connection'].includes(name));
    expect(Object.keys(stored.headers).sort()).toEqual(sent.sort());
    for (const name of Object.keys(added)) expect(stored.headers[name]).toBeUndefined();
    expect(stored.signature.status).toBe('valid');
  });

  it('verifies the Site Stacker format by its own header', async () => {
    const inbox = await createInbox(keyA, 'Site Stacker style');
    const { webhook, ping } = await webhookWithPing(keyA, { format: 'sitestacker' });
    await forwardToInbox(inbox.token, ping);
    const { data } = await listRequests(keyA, inbox.id);
    expect(data[0].signature).toMatchObject({ status: 'valid', scheme: 'sitestacker', webhookId: webhook.webhookId });
  });

  it('shows the NationBuilder shared token of a received body as a mask', async () => {
    const organization = (await createOrganization()).id;
    const key = await createKey(organization);
    const token = 'inbox-nation-token-5c1e8a';
    expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token } })).status).toBe(204);
    const inbox = await createInbox(key, 'NationBuilder style');
    const { webhook } = await webhookWithPing(key, { format: 'nationbuilder', pingOnCreate: true });
    const delivered = receiver.requests.filter((request) => JSON.parse(request.body).payload?.hook?.webhookId === webhook.webhookId);
    expect(JSON.parse(delivered[0].body).token).toBe(token);
    await forwardToInbox(inbox.token, delivered[0]);
    const { data } = await listRequests(key, inbox.id);
    // The receiver got the token; the listing never shows a character of it.
    expect(data[0].body).not.toContain(token);
    expect(JSON.parse(data[0].body).token).toMatch(/^•+$/);
    expect(JSON.parse(data[0].body).payload.hook.webhookId).toBe(webhook.webhookId);
  });

  it("does not look up another organization's delivery", async () => {
    const inbox = await createInbox(keyA, 'Cross tenant');
    const { ping } = await webhookWithPing(keyB);
    await forwardToInbox(inbox.token, ping);
    const { data } = await listRequests(keyA, inbox.id);
    expect(data[0].signature).toMatchObject({ status: 'not_tidings' });
    expect(JSON.stringify(data[0].signature)).not.toContain('webhookId');
  });

  it('keeps verifying with the previous secret while it is honoured after a rotation', async () => {
    const inbox = await createInbox(keyA, 'Rotation');
    const { webhook, ping } = await webhookWithPing(keyA);
    await forwardToInbox(inbox.token, ping);
    const rotated = await call(rotateRoute.POST, { method: 'POST', key: keyA, params: { id: webhook.webhookId } });
    expect(rotated.status).toBe(200);
    expect((await listRequests(keyA, inbox.id)).data[0].signature).toMatchObject({ status: 'valid', secret: 'previous' });
    await db.webhook.update({ where: { id: webhook.webhookId }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    expect((await listRequests(keyA, inbox.id)).data[0].signature).toMatchObject({ status: 'invalid' });
  });

  it('pages newest first with a cursor', async () => {
    const inbox = await createInbox(keyA, 'Paging');
    for (let index = 0; index < 5; index += 1) {
      await forwardToInbox(inbox.token, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ index }) });
    }
    const first = await listRequests(keyA, inbox.id, '?limit=2');
    expect(first.data.map((row) => JSON.parse(row.body).index)).toEqual([4, 3]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listRequests(keyA, inbox.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((row) => JSON.parse(row.body).index)).toEqual([2, 1]);
    const third = await listRequests(keyA, inbox.id, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.data.map((row) => JSON.parse(row.body).index)).toEqual([0]);
    expect(third.nextCursor).toBeNull();
  });
});
