import { describe, expect, it, vi } from 'vitest';
import { db, pool } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import type { AttemptResult } from '../lib/deliveries/attempt-delivery';
import { recordAttempts } from '../lib/deliveries/record-attempts';
import { emitEvent } from '../lib/events/emit';
import { expungeEvents } from '../lib/events/expunge-events';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { deleteWebhook } from '../lib/webhooks/update-webhook';
import { createOrganization } from './support/fixtures';

// The product's logger, writing into an array instead of stdout.
const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('pino', async (importOriginal) => {
  const real = await importOriginal<typeof import('pino')>();
  const destination = { write: (line: string) => void captured.lines.push(line) };
  return { ...real, default: Object.assign((options: Parameters<typeof real.default>[0]) => real.default(options as never, destination), real.default) };
});
process.env.TIDINGS_LOG_LEVEL = 'debug';
resetEnvCache();

async function jobOf(deliveryId: string): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(`select id from pgboss.job where name = 'deliveries' and data->>'deliveryId' = $1`, [deliveryId]);
  return rows[0].id;
}

function succeeded(input: { deliveryId: string; webhookId: string; eventId: string; jobId: string }): AttemptResult {
  return {
    ...input,
    trigger: 'initial',
    attempt: 1,
    startedAt: new Date(),
    durationMs: 12,
    request: { url: 'https://example.com/hook', headers: { 'content-type': 'application/json' }, body: '{}' },
    response: { status: 200, headers: {}, body: 'ok', truncated: false },
    error: null,
    succeeded: true,
    retryAfterSeconds: null,
    gone: false,
    retryPolicy: 'fixed',
  };
}

describe('recording attempts', () => {
  it('an attempt in flight while its event was expunged is logged without the erased data, and its delivery stays failed', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/erased', events: ['person.created'] } });
    const event = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 7, email: 'erased@donor.example' } } });
    const delivery = event.deliveries[0];
    const inFlight = succeeded({ deliveryId: delivery.id, webhookId: webhook.id, eventId: event.eventId, jobId: await jobOf(delivery.id) });
    inFlight.request.body = JSON.stringify({ signup: { id: 7, email: 'erased@donor.example' } });
    inFlight.response = { status: 200, headers: { 'x-echo': 'erased@donor.example' }, body: 'got erased@donor.example', truncated: false };
    // The person asked to be forgotten while the request was on the wire: the expunge ran first.
    await expungeEvents({ organizationId: organization.id, data: { eventIds: [event.eventId] } });
    console.log('injected: the event was expunged while its delivery was in flight; the attempt is recorded after');
    await recordAttempts({ results: [inFlight], skipped: [] });

    const row = await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toBe('The event was expunged');
    const attempts = await db.attempt.findMany({ where: { deliveryId: delivery.id } });
    expect(attempts).toHaveLength(1);
    expect(JSON.stringify(attempts)).not.toContain('erased@donor.example');
  });


  it('records a batch whose webhook was deleted while it was in flight: the rest of the batch is kept, the settled jobs leave the queue', async () => {
    const organization = await createOrganization();
    const { row: kept } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/kept', events: ['person.created'], status: 'PAUSED' } });
    const { row: doomed } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/doomed', events: ['person.created'], status: 'PAUSED' } });
    await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { status: 'ACTIVE' } });
    const event = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } } });
    const keptDelivery = event.deliveries.find((delivery) => delivery.webhookId === kept.id)!;
    const doomedDelivery = event.deliveries.find((delivery) => delivery.webhookId === doomed.id)!;
    const results = [
      succeeded({ deliveryId: keptDelivery.id, webhookId: kept.id, eventId: event.eventId, jobId: await jobOf(keptDelivery.id) }),
      succeeded({ deliveryId: doomedDelivery.id, webhookId: doomed.id, eventId: event.eventId, jobId: await jobOf(doomedDelivery.id) }),
    ];

    await deleteWebhook({ organizationId: organization.id, webhookId: doomed.id });
    console.log('injected: the webhook of one result in the batch was deleted before the batch was recorded');
    await recordAttempts({ results, skipped: [] });

    const delivery = await db.delivery.findUniqueOrThrow({ where: { id: keptDelivery.id }, include: { attempts: true } });
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attempts).toHaveLength(1);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: kept.id } })).successCount).toBe(1);
    const { rows } = await pool().query<{ left: number }>(`select count(*)::int as left from pgboss.job where id = any($1::uuid[])`, [results.map((r) => r.jobId)]);
    expect(rows[0].left).toBe(0);
    console.log('checked: the other delivery recorded SUCCEEDED with its attempt and counter, both jobs settled');
  });

  it('logs one JSON line per recorded attempt with its delivery, event and webhook ids, and nothing of the request', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/logged', events: ['person.created'], status: 'PAUSED', apiToken: 'token-that-is-never-logged' } });
    await db.webhook.update({ where: { id: webhook.id }, data: { status: 'ACTIVE' } });
    const first = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 2 } } });
    const second = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 3 } } });
    const ok = succeeded({ deliveryId: first.deliveries[0].id, webhookId: webhook.id, eventId: first.eventId, jobId: await jobOf(first.deliveries[0].id) });
    const failed: AttemptResult = {
      ...succeeded({ deliveryId: second.deliveries[0].id, webhookId: webhook.id, eventId: second.eventId, jobId: await jobOf(second.deliveries[0].id) }),
      request: { url: 'https://example.com/logged', headers: { authorization: 'Bearer token-that-is-never-logged' }, body: '{"secret":"body-never-logged"}' },
      response: { status: 503, headers: {}, body: 'down', truncated: false },
      error: 'HTTP 503',
      succeeded: false,
    };
    captured.lines.length = 0;
    await recordAttempts({ results: [ok, failed], skipped: [] });

    const lines = captured.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const success = lines.find((line) => line.msg === 'delivery attempt succeeded');
    const failure = lines.find((line) => line.msg === 'delivery attempt failed');
    expect(success).toMatchObject({ deliveryId: ok.deliveryId, eventId: first.eventId, webhookId: webhook.id, attempt: 1, statusCode: 200, deliveryStatus: 'SUCCEEDED' });
    expect(failure).toMatchObject({ deliveryId: failed.deliveryId, eventId: second.eventId, webhookId: webhook.id, statusCode: 503, error: 'HTTP 503', deliveryStatus: 'RETRYING' });
    expect(typeof failure?.nextAttemptAt).toBe('string');
    expect(captured.lines.join('')).not.toMatch(/never-logged/);
    console.log(`checked: ${lines.length} JSON log lines with delivery, event and webhook ids; no request header or body in them`);
  });
  it('stores every attempt of a batch exactly as sent and received, and a lone surrogate in a header or body does not stop the batch', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/exact', events: ['person.created'], status: 'PAUSED' } });
    await db.webhook.update({ where: { id: webhook.id }, data: { status: 'ACTIVE' } });
    const first = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 4 } } });
    const second = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 5 } } });
    const startedAt = new Date('2026-12-03T06:01:02.345Z');
    const exact: AttemptResult = {
      ...succeeded({ deliveryId: first.deliveries[0].id, webhookId: webhook.id, eventId: first.eventId, jobId: await jobOf(first.deliveries[0].id) }),
      startedAt,
      durationMs: 87,
      request: { url: 'https://example.com/exact?x="1"&y=\\', headers: { 'content-type': 'application/json', 'x-quote': 'a "b" \\c' }, body: '{"text":"line\\nbreak \\"quoted\\" \u00e9\u{1F600}"}' },
      response: { status: 201, headers: { 'x-reply': 'yes', 'set-thing': 'a,b' }, body: 'tab\there {"json":true} \u00fc', truncated: true },
    };
    const lone: AttemptResult = {
      ...succeeded({ deliveryId: second.deliveries[0].id, webhookId: webhook.id, eventId: second.eventId, jobId: await jobOf(second.deliveries[0].id) }),
      request: { url: 'https://example.com/exact', headers: { 'x-custom': 'bad \ud800 value' }, body: '{}' },
      response: { status: 500, headers: {}, body: 'half \udc00 pair', truncated: false },
      error: 'HTTP 500',
      succeeded: false,
    };
    console.log('injected: one batch with quotes, backslashes, newlines, non-ASCII and lone surrogates in headers and bodies');
    await recordAttempts({ results: [exact, lone], skipped: [] });

    const stored = await db.attempt.findFirstOrThrow({ where: { deliveryId: exact.deliveryId } });
    expect(stored).toMatchObject({
      attempt: 1,
      trigger: 'initial',
      startedAt,
      durationMs: 87,
      requestUrl: exact.request.url,
      requestHeaders: exact.request.headers,
      requestBody: exact.request.body,
      responseStatus: 201,
      responseHeaders: exact.response!.headers,
      responseBody: exact.response!.body,
      responseTruncated: true,
      error: null,
    });
    const replaced = await db.attempt.findFirstOrThrow({ where: { deliveryId: lone.deliveryId } });
    expect(replaced.requestHeaders).toEqual({ 'x-custom': 'bad \ufffd value' });
    expect(replaced.responseBody).toBe('half \ufffd pair');
    expect(replaced.responseHeaders).toEqual({});
    expect(replaced.error).toBe('HTTP 500');
    expect((await db.delivery.findUniqueOrThrow({ where: { id: lone.deliveryId } })).status).toBe('RETRYING');
    console.log('checked: every field read back equal; the lone surrogates became U+FFFD and both attempts were kept');
  });
});
