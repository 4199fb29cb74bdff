import { Webhook as StandardWebhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import * as deliveriesRoute from '../app/api/v1/deliveries/[id]/route';
import * as resendRoute from '../app/api/v1/deliveries/[id]/resend/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import * as replayRoute from '../app/api/v1/webhooks/[id]/replay/route';
import * as rotateRoute from '../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as testRoute from '../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { withTransaction } from '../lib/db-transaction';
import { emitEvent } from '../lib/events/emit';
import { lookupWithSystemResolver } from '../lib/outbound/send-webhook-request';
import { enqueueDeliveries } from '../lib/queue/delivery-jobs';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

let organizationId: string;
let key: string;
let pathCounter = 0;

// Names under .tidings.test resolve to a private address, as a hostile DNS would answer.
const { receiver } = withWorkerAndReceiver({
  lookup: async (hostname) => (hostname.endsWith('.tidings.test') ? [{ address: '10.0.0.7', family: 4 }] : lookupWithSystemResolver(hostname)),
});

// Each test in an organization of its own, so earlier tests' webhooks never match.
beforeEach(async () => {
  const organization = await createOrganization();
  organizationId = organization.id;
  key = await createKey(organizationId);
});

function freshPath(): string {
  pathCounter += 1;
  return `/hook-${pathCounter}`;
}

async function createWebhook(body: Record<string, unknown>) {
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { events: ['*'], ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { webhookId: string; secret: string; url: string };
}

async function waitForDelivery(deliveryId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivery = await db.delivery.findUnique({ where: { id: deliveryId } });
    if (delivery && statuses.includes(delivery.status)) return delivery;
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId} is ${delivery?.status}, wanted ${statuses.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function verify(secret: string, request: { headers: Record<string, unknown>; body: string }) {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new StandardWebhook(secret).verify(request.body, headers) as Record<string, unknown>;
}

describe('creating a webhook', () => {
  it('returns the secret once and sends a verifiable ping', async () => {
    const path = freshPath();
    const webhook = await createWebhook({ url: receiver.url(path), events: ['donation.created'] });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await receiver.waitForCount(path, 1);
    const [ping] = receiver.on(path);
    expect(ping.headers['x-tidings-event']).toBe('ping');
    const payload = verify(webhook.secret, ping);
    expect(payload.type).toBe('ping');
    const hook = (payload.data as { hook: Record<string, unknown> }).hook;
    expect(hook.webhookId).toBe(webhook.webhookId);
    expect(JSON.stringify(payload)).not.toContain(webhook.secret);

    const fetched = await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(fetched.status).toBe(200);
    expect(JSON.stringify(fetched.body)).not.toContain('whsec_');
    const listed = await call(webhooksRoute.GET, { key });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    const stored = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect(JSON.stringify(stored)).not.toContain(webhook.secret);
  });

  it('refuses blocked literal addresses, bad URLs and unknown events with 400', async () => {
    for (const url of ['https://169.254.169.254/latest', 'https://[::ffff:10.0.0.1]/x', 'https://10.1.2.3/', 'ftp://example.com/', 'https://user:pw@example.com/']) {
      const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url, events: ['*'] } });
      expect(response.status, url).toBe(400);
      expect(response.body.error.issues[0].path).toBe('url');
    }
    const unknown = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/', events: ['donation.exploded'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].message).toContain('donation.exploded');
  });

  it('replaces every other event with the wildcard', async () => {
    const webhook = await createWebhook({ url: receiver.url(freshPath()), events: ['donation.created', '*', 'person.created'] });
    const fetched = await call(webhookRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(fetched.body.events).toEqual(['*']);
  });
});

describe('delivering events', () => {
  it('delivers an emitted event that verifies with standardwebhooks', async () => {
    const path = freshPath();
    const webhook = await createWebhook({ url: receiver.url(path), events: ['donation.created'] });
    await receiver.waitForCount(path, 1);
    const emitted = await call(eventsRoute.POST, {
      method: 'POST',
      key,
      body: { type: 'donation.created', data: { donation: { id: 7, amount_in_cents: 2500 } } },
    });
    expect(emitted.status).toBe(202);
    expect(emitted.body.deliveries).toBe(1);
    await receiver.waitForCount(path, 2);
    const request = receiver.on(path)[1];
    const payload = verify(webhook.secret, request);
    expect(payload).toMatchObject({ id: emitted.body.eventId, type: 'donation.created', organizationId, data: { donation: { id: 7, amount_in_cents: 2500 } }, meta: { webhookId: webhook.webhookId, test: false } });
    // A delivery is an immutable message (docs/delivery-semantics.md): the attempt number is a header, not part of the body.
    expect(payload.meta).not.toHaveProperty('attempt');
    expect(request.headers['x-tidings-attempt']).toBe('1');
    expect(request.headers['x-tidings-event']).toBe('donation.created');
    expect(request.headers['x-tidings-delivery']).toBe(request.headers['webhook-id']);
    expect(request.headers['user-agent']).toMatch(/^Tidings-Webhooks\//);
    const delivery = await waitForDelivery(String(request.headers['webhook-id']), ['SUCCEEDED']);
    expect(delivery.attemptCount).toBe(1);
    const counters = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect(counters.successCount).toBe(2);
    expect(counters.failureCount).toBe(0);
    expect(counters.lastDeliveryAt).not.toBeNull();
  });

  it('rejects events that do not match the catalog', async () => {
    const unknown = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'nope.nothing', data: {} } });
    expect(unknown.status).toBe(400);
    const invalid = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'inventory.threshold_reached', data: { threshold: 85 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues.some((issue: { path: string }) => issue.path.startsWith('data'))).toBe(true);
    const notJson = await call(eventsRoute.POST, { method: 'POST', key, rawBody: '{"type":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
  });

  it('retries two failures then succeeds, with one webhook-id and fresh timestamps', async () => {
    const path = freshPath();
    receiver.reply(path, (request, index) => (index <= 2 && request.headers['x-tidings-event'] !== 'ping' ? { status: 500 } : { status: 200 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['person.created'] });
    await receiver.waitForCount(path, 1);
    const result = await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: 1, first_name: 'Ada' } } });
    const deliveryId = result.deliveries[0].id;
    const delivery = await waitForDelivery(deliveryId, ['SUCCEEDED']);
    const requests = receiver.on(path).slice(1);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([deliveryId]));
    expect(requests.map((r) => r.headers['x-tidings-attempt'])).toEqual(['1', '2', '3']);
    // The same bytes on every attempt; only the timestamp and signature headers move.
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    for (const request of requests) verify(webhook.secret, request);
    const timestamps = requests.map((r) => Number(r.headers['webhook-timestamp']));
    expect(timestamps.every((t) => Math.abs(t - Date.now() / 1000) < 60)).toBe(true);
    expect(delivery.attemptCount).toBe(3);
    const attempts = await db.attempt.findMany({ where: { deliveryId }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((a) => [a.attempt, a.trigger, a.responseStatus])).toEqual([[1, 'initial', 500], [2, 'retry', 500], [3, 'retry', 200]]);
    const counters = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect([counters.successCount, counters.failureCount, counters.consecutiveFailures]).toEqual([2, 2, 0]);
  });

  it('marks a delivery FAILED when retries are exhausted, and resends it on request', async () => {
    const path = freshPath();
    let healthy = false;
    receiver.reply(path, (request) => (request.headers['x-tidings-event'] === 'ping' || healthy ? { status: 204 } : { status: 502 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['donation.updated'], retryPolicy: 'fixed' });
    await receiver.waitForCount(path, 1);
    const result = await emitEvent({ organizationId, type: 'donation.updated', data: { donation: { id: 3, amount_in_cents: 100 } } });
    const deliveryId = result.deliveries[0].id;
    const failed = await waitForDelivery(deliveryId, ['FAILED'], 30_000);
    expect(failed.attemptCount).toBe(11);
    expect(failed.lastStatusCode).toBe(502);
    const counters = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect(counters.consecutiveFailures).toBe(11);

    healthy = true;
    const resent = await call(resendRoute.POST, { method: 'POST', key, params: { id: deliveryId } });
    expect(resent.status).toBe(202);
    const succeeded = await waitForDelivery(deliveryId, ['SUCCEEDED']);
    expect(succeeded.attemptCount).toBe(12);
    const last = receiver.on(path).at(-1)!;
    expect(last.headers['webhook-id']).toBe(deliveryId);
    const { meta, ...sentEvent } = verify(webhook.secret, last) as { meta: { test: boolean } };
    const detail = await call(deliveriesRoute.GET, { key, params: { id: deliveryId } });
    expect(detail.body.attempts).toHaveLength(12);
    expect(detail.body.attempts.at(-1)).toMatchObject({ attempt: 12, trigger: 'resend', response: { status: 204 } });
    expect(detail.body.payload.type).toBe('donation.updated');
    // The console shows the event as it was sent: the same fields in the same order, `test` for meta.
    expect(JSON.stringify(detail.body.payload)).toBe(JSON.stringify({ ...sentEvent, test: meta.test }));
  });

  it('logs every request it sends when two jobs of one delivery run at once (two resends, or a resend and a retry due together)', async () => {
    const path = freshPath();
    receiver.reply(path, () => ({ status: 200 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['donation.created'] });
    await receiver.waitForCount(path, 1);
    const result = await emitEvent({ organizationId, type: 'donation.created', data: { donation: { id: 9, amount_in_cents: 900 } } });
    const deliveryId = result.deliveries[0].id;
    await waitForDelivery(deliveryId, ['SUCCEEDED']);
    // Two jobs of the delivery queued together, as two admins' resends (or a resend and
    // a scheduled retry) that come due in the same moment are: one fetch takes both.
    await withTransaction((client) =>
      enqueueDeliveries(client, [
        { deliveryId, webhookId: webhook.webhookId, trigger: 'resend' },
        { deliveryId, webhookId: webhook.webhookId, trigger: 'resend' },
      ]),
    );
    // The ping, the initial attempt and both resends.
    await receiver.waitForCount(path, 4);
    const sent = receiver.on(path).filter((request) => request.headers['webhook-id'] === deliveryId);
    expect(sent).toHaveLength(3);
    let attempts: { attempt: number; trigger: string }[] = [];
    for (let tries = 0; tries < 100 && attempts.length < sent.length; tries += 1) {
      attempts = await db.attempt.findMany({ where: { deliveryId }, orderBy: { attempt: 'asc' }, select: { attempt: true, trigger: true } });
      if (attempts.length < sent.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Every request sent is in the log, under distinct numbers 1..n.
    expect(attempts.map((a) => a.attempt)).toEqual(sent.map((_, index) => index + 1));
    expect(attempts.map((a) => a.trigger)).toEqual(['initial', 'resend', 'resend']);
    const delivery = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(delivery.attemptCount).toBe(sent.length);
  });

  it('disables the webhook at once on 410 Gone and emits webhook.disabled', async () => {
    const path = freshPath();
    const watcherPath = freshPath();
    receiver.reply(path, (request) => (request.headers['x-tidings-event'] === 'ping' ? { status: 200 } : { status: 410 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['coupon.created'] });
    await createWebhook({ url: receiver.url(watcherPath), events: ['webhook.disabled'] });
    await receiver.waitForCount(path, 1);
    const result = await emitEvent({ organizationId, type: 'coupon.created', data: { id: 1, code: 'SPRING' } }).catch(async () =>
      emitEvent({ organizationId, type: 'coupon.created', data: (await import('../lib/events/catalog/definitions')).getEventType('coupon.created')!.sample() }),
    );
    const delivery = await waitForDelivery(result.deliveries[0].id, ['FAILED']);
    expect(delivery.attemptCount).toBe(1);
    const disabled = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
    expect(disabled.status).toBe('DISABLED');
    expect(disabled.disabledReason).toContain('410');
    await receiver.waitForCount(watcherPath, 2);
    const notice = JSON.parse(receiver.on(watcherPath)[1].body);
    expect(notice).toMatchObject({ type: 'webhook.disabled', data: { webhookId: webhook.webhookId } });

    // Re-enabling is setting it ACTIVE again.
    const enabled = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhook.webhookId }, body: { status: 'ACTIVE' } });
    expect(enabled.body).toMatchObject({ status: 'ACTIVE', disabledReason: null });
  });

  it('disables a webhook whose every delivery failed for 5 days', async () => {
    const path = freshPath();
    receiver.reply(path, (request) => (request.headers['x-tidings-event'] === 'ping' ? { status: 200 } : { status: 500 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['person.updated'] });
    // The ping's success must be recorded first, or it would reset the streak set below.
    const ping = await db.delivery.findFirstOrThrow({ where: { webhookId: webhook.webhookId } });
    await waitForDelivery(ping.id, ['SUCCEEDED']);
    await db.webhook.update({
      where: { id: webhook.webhookId },
      data: { consecutiveFailures: 40, failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) },
    });
    await emitEvent({ organizationId, type: 'person.updated', data: { signup: { id: 9 } } });
    await receiver.waitForCount(path, 2);
    for (let i = 0; i < 100; i += 1) {
      const row = await db.webhook.findUniqueOrThrow({ where: { id: webhook.webhookId } });
      if (row.status === 'DISABLED') {
        expect(row.disabledReason).toBe('Every delivery failed for 5 days');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('webhook was not disabled');
  });

  it('honours Retry-After on 429 within the clamp', async () => {
    const path = freshPath();
    receiver.reply(path, (request, index) =>
      request.headers['x-tidings-event'] === 'ping' ? { status: 200 } : index === 1 ? { status: 429, headers: { 'retry-after': '100' } } : { status: 200 },
    );
    await createWebhook({ url: receiver.url(path), events: ['ticket.updated'], retryPolicy: 'fixed' });
    await receiver.waitForCount(path, 1);
    const result = await emitEvent({ organizationId, type: 'ticket.updated', data: (await import('../lib/events/catalog/definitions')).getEventType('ticket.updated')!.sample() });
    const deliveryId = result.deliveries[0].id;
    const retrying = await waitForDelivery(deliveryId, ['RETRYING', 'SUCCEEDED']);
    const [first] = await db.attempt.findMany({ where: { deliveryId }, orderBy: { attempt: 'asc' } });
    // Scheduled 60 s, asked 100 s: honoured (1×–2× the schedule), then scaled by TIDINGS_RETRY_SCALE.
    const scale = Number(process.env.TIDINGS_RETRY_SCALE);
    if (retrying.status === 'RETRYING') {
      expect(retrying.nextAttemptAt!.getTime() - first.startedAt.getTime() - first.durationMs).toBe(Math.round(100_000 * scale));
    }
    await waitForDelivery(deliveryId, ['SUCCEEDED']);
    const [a, b] = receiver.on(path).slice(1);
    expect(b.receivedAt - a.receivedAt).toBeGreaterThanOrEqual(Math.round(100_000 * scale) - 5);
  });

  it('fails an attempt that exceeds the timeout, and does not follow redirects', async () => {
    const slow = freshPath();
    receiver.reply(slow, (request) => (request.headers['x-tidings-event'] === 'ping' ? { status: 200 } : { hang: true }));
    await createWebhook({ url: receiver.url(slow), events: ['form.published'], timeoutSeconds: 1 });
    await receiver.waitForCount(slow, 1);
    const started = Date.now();
    const result = await emitEvent({ organizationId, type: 'form.published', data: (await import('../lib/events/catalog/definitions')).getEventType('form.published')!.sample() });
    await receiver.waitForCount(slow, 2);
    const delivery = await waitForDelivery(result.deliveries[0].id, ['RETRYING', 'FAILED']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(delivery.lastStatusCode).toBeNull();
    expect(delivery.lastError).toMatch(/time/i);

    const redirecting = freshPath();
    const target = freshPath();
    receiver.reply(redirecting, (request) =>
      request.headers['x-tidings-event'] === 'ping' ? { status: 200 } : { status: 302, headers: { location: receiver.url(target) } },
    );
    await createWebhook({ url: receiver.url(redirecting), events: ['form.created'] });
    await receiver.waitForCount(redirecting, 1);
    const redirected = await emitEvent({ organizationId, type: 'form.created', data: (await import('../lib/events/catalog/definitions')).getEventType('form.created')!.sample() });
    const failed = await waitForDelivery(redirected.deliveries[0].id, ['RETRYING', 'FAILED']);
    expect(failed.lastStatusCode).toBe(302);
    expect(receiver.on(target)).toHaveLength(0);
  });

  it('stores at most 20 KB of a 5 MB response', async () => {
    const path = freshPath();
    receiver.reply(path, () => ({ status: 200, body: 'x'.repeat(5 * 1024 * 1024) }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['order.created'] });
    await receiver.waitForCount(path, 1);
    const ping = await db.delivery.findFirstOrThrow({ where: { webhookId: webhook.webhookId } });
    await waitForDelivery(ping.id, ['SUCCEEDED']);
    const attempt = await db.attempt.findFirstOrThrow({ where: { deliveryId: ping.id } });
    expect(Buffer.byteLength(attempt.responseBody ?? '')).toBeLessThanOrEqual(20 * 1024);
    expect(attempt.responseBody!.length).toBeGreaterThan(1000);
    expect(attempt.responseTruncated).toBe(true);
  });
});

describe('SSRF at send time', () => {
  it('refuses a host name that resolves to a private address, without saying why', async () => {
    const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'http://internal.tidings.test/hook', events: ['*'] } });
    expect(response.status).toBe(201);
    const ping = await db.delivery.findFirstOrThrow({ where: { webhookId: response.body.webhookId } });
    const failed = await waitForDelivery(ping.id, ['RETRYING', 'FAILED']);
    expect(failed.lastError).toBe('destination not allowed: the host name did not resolve to a public address this server may send to');
    expect(failed.lastStatusCode).toBeNull();
    const detail = await call(deliveriesRoute.GET, { key, params: { id: ping.id } });
    expect(JSON.stringify(detail.body)).not.toContain('10.0.0.7');
  });
});

describe('matching', () => {
  it('matches by type, wildcard, forms, resource id, sub-organizations and status', async () => {
    const child = await createOrganization({ parentId: organizationId });
    const form = await db.form.create({ data: { id: `form_${Date.now()}abcdefghijklmnop`, organizationId, externalId: 'ext-42', name: 'Gala' } });
    const other = await db.form.create({ data: { id: `form_${Date.now()}qrstuvwxyzabcdef`, organizationId, name: 'Other' } });
    const paths = Object.fromEntries(['types', 'wildcard', 'forms', 'resource', 'subs', 'paused', 'ownOnly'].map((name) => [name, freshPath()]));
    const hooks = {
      types: await createWebhook({ url: receiver.url(paths.types), events: ['contact.tag_added'] }),
      wildcard: await createWebhook({ url: receiver.url(paths.wildcard), events: ['*'] }),
      forms: await createWebhook({ url: receiver.url(paths.forms), events: ['*'], allForms: false, formIds: [form.id] }),
      resource: await createWebhook({ url: receiver.url(paths.resource), events: ['contact.tag_added'], resourceId: 'tag-7' }),
      subs: await createWebhook({ url: receiver.url(paths.subs), events: ['*'], includeSubOrganizations: true }),
      paused: await createWebhook({ url: receiver.url(paths.paused), events: ['*'], status: 'PAUSED' }),
      ownOnly: await createWebhook({ url: receiver.url(paths.ownOnly), events: ['contact.tag_added'] }),
    };
    const sample = (await import('../lib/events/catalog/definitions')).getEventType('contact.tag_added')!.sample();
    const matched = async (input: Parameters<typeof emitEvent>[0]) => {
      const result = await emitEvent(input);
      const ids = Object.fromEntries(Object.entries(hooks).map(([name, hook]) => [hook.webhookId, name]));
      // Sent now; a paused or disabled webhook's match is HELD instead (SPEC §11), checked below.
      const pending = await db.delivery.findMany({ where: { id: { in: result.deliveries.map((delivery) => delivery.id) }, status: 'PENDING' }, select: { webhookId: true } });
      return pending.map((delivery) => ids[delivery.webhookId]).filter(Boolean).sort();
    };
    expect(await matched({ organizationId, type: 'contact.tag_added', data: sample, resourceId: 'tag-7' })).toEqual(['forms', 'ownOnly', 'resource', 'subs', 'types', 'wildcard']);
    expect(await matched({ organizationId, type: 'contact.tag_added', data: sample, resourceId: 'tag-8' })).toEqual(['forms', 'ownOnly', 'subs', 'types', 'wildcard']);
    expect(await matched({ organizationId, type: 'contact.tag_added', data: sample, formId: 'ext-42' })).toEqual(['forms', 'ownOnly', 'subs', 'types', 'wildcard']);
    expect(await matched({ organizationId, type: 'contact.tag_added', data: sample, formId: other.id })).toEqual(['ownOnly', 'subs', 'types', 'wildcard']);
    expect(await matched({ organizationId: child.id, type: 'contact.tag_added', data: sample })).toEqual(['subs']);
    expect(await matched({ organizationId, type: 'person.created', data: { signup: { id: 1 } } })).toEqual(['forms', 'subs', 'wildcard']);

    await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: hooks.types.webhookId }, body: { status: 'PAUSED' } });
    await db.webhook.update({ where: { id: hooks.ownOnly.webhookId }, data: { status: 'DISABLED', disabledReason: 'test' } });
    expect(await matched({ organizationId, type: 'contact.tag_added', data: sample })).toEqual(['forms', 'subs', 'wildcard']);
    const held = await db.delivery.findMany({ where: { webhookId: hooks.paused.webhookId, eventType: { not: 'ping' } }, select: { status: true } });
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held.map((delivery) => delivery.status))).toEqual(new Set(['HELD']));
  });
});

describe('manual actions', () => {
  it('sends a test event to one webhook only, flagged meta.test', async () => {
    const path = freshPath();
    const other = freshPath();
    const webhook = await createWebhook({ url: receiver.url(path), events: ['registration.created'] });
    await createWebhook({ url: receiver.url(other), events: ['*'] });
    await receiver.waitForCount(path, 1);
    await receiver.waitForCount(other, 1);
    const sent = await call(testRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { event: 'registration.created' } });
    expect(sent.status).toBe(202);
    await waitForDelivery(sent.body.deliveryId, ['SUCCEEDED']);
    const payload = verify(webhook.secret, receiver.on(path)[1]);
    expect(payload).toMatchObject({ type: 'registration.created', meta: { test: true } });
    expect(receiver.on(other)).toHaveLength(1);
    const attempts = await db.attempt.findMany({ where: { deliveryId: sent.body.deliveryId } });
    expect(attempts.map((a) => a.trigger)).toEqual(['test']);
    const listed = await call(webhookDeliveriesRoute.GET, { key, params: { id: webhook.webhookId } });
    expect(listed.body.data[0]).toMatchObject({ id: sent.body.deliveryId, test: true, status: 'SUCCEEDED' });
  });

  it('replays failed deliveries of a time range', async () => {
    const path = freshPath();
    let healthy = false;
    receiver.reply(path, (request) => (request.headers['x-tidings-event'] === 'ping' || healthy ? { status: 200 } : { status: 500 }));
    const webhook = await createWebhook({ url: receiver.url(path), events: ['subscription.created'] });
    await receiver.waitForCount(path, 1);
    const since = Math.floor(Date.now() / 1000) - 1;
    const sample = (await import('../lib/events/catalog/definitions')).getEventType('subscription.created')!.sample();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await emitEvent({ organizationId, type: 'subscription.created', data: sample })).deliveries[0].id);
    for (const id of ids) await waitForDelivery(id, ['FAILED'], 30_000);
    healthy = true;
    const replay = await call(replayRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { since } });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ count: 3 });
    for (const id of ids) await waitForDelivery(id, ['SUCCEEDED']);
  });

  it('rotates the secret: new signatures verify with both secrets for 24 h', async () => {
    const path = freshPath();
    const webhook = await createWebhook({ url: receiver.url(path), events: ['contact.created'] });
    await receiver.waitForCount(path, 1);
    const rotated = await call(rotateRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(webhook.secret);
    const sent = await call(testRoute.POST, { method: 'POST', key, params: { id: webhook.webhookId }, body: { event: 'contact.created' } });
    await waitForDelivery(sent.body.deliveryId, ['SUCCEEDED']);
    const request = receiver.on(path)[1];
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    verify(webhook.secret, request);
    verify(rotated.body.secret, request);
  });
});
