import 'server-only';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_SCOPES } from '../auth/scopes';
import { attemptDelivery, type AttemptResult } from '../deliveries/attempt-delivery';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { loadDeliveries } from '../deliveries/load-deliveries';
import { recordAttempts } from '../deliveries/record-attempts';
import { db, pool } from '../db';
import { emitEvent } from '../events/emit';
import { createId } from '../ids';
import { recordInboxRequest } from '../inbox/record-inbox-request';
import { logger } from '../log';
import { parseCidrList } from '../outbound/ssrf-guard';
import type { DeliveryJobData } from '../queue/delivery-jobs';
import { DELIVERY_QUEUE } from '../queue/queues';
import { createWebhook } from '../webhooks/create-webhook';
import { sendTestEvent } from '../webhooks/send-test-event';
import { pickType, varySample } from './simulate-traffic';
import { webhookFailingEvent } from '../webhooks/failing-warnings';

// A week of history for the demo organization, recorded through the real delivery path:
// events are emitted as the API does (deliveries and queued jobs in one transaction), each
// job is attempted by the worker's own code (signed request, real HTTP on loopback) and
// recorded by it (attempts, retries, webhook counters, 410 disabling), into the built-in
// inbox. Only the clock is the demo's: each event happens at a moment of the last 7 days,
// and its attempts and retries at the moments that follow. The receiving end is the inbox
// code itself, served on loopback for the duration, with the week's mishaps scripted by
// the time each request was signed for: an afternoon outage of the finance system (what
// arrived then is refused twice with 503, then accepted), the odd 500 from the CRM (the
// retry goes through), and a retired portal answering 410 Gone.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Events are accepted, and due attempts run, window by window. */
const WINDOW_MS = HOUR_MS;
const OUTAGE_MS = 2 * HOUR_MS;

export type DemoHistoryResult = { events: number; deliveries: number; attempts: number; durationMs: number };

type Script = (request: { signedAt: number; deliveryId: string; seen: number; firstSeenAt: number }) => { status: number; body: string; headers?: Record<string, string> } | null;

/** Requests per hour of the day (UTC): quiet nights, busy days, a lunchtime and evening peak. */
const HOURLY_WEIGHT = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 9, 10, 9, 8, 8, 9, 10, 11, 10, 8, 6, 4, 2];

function randomMomentWithin(from: number, to: number): number {
  for (;;) {
    const at = from + randomInt(Math.max(1, to - from));
    if (randomInt(11) < HOURLY_WEIGHT[new Date(at).getUTCHours()]) return at;
  }
}

/** Serves /inbox/<token> with the inbox's own code; scripted answers for the demo's mishaps. */
async function startHistoryReceiver(scripts: Map<string, Script>) {
  const seen = new Map<string, { count: number; firstSeenAt: number }>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const token = decodeURIComponent((request.url ?? '').replace(/^\/inbox\//, '').split(/[/?]/)[0]);
        const signedAt = Number(request.headers['webhook-timestamp'] ?? 0) * 1000;
        const deliveryId = String(request.headers['webhook-id'] ?? '');
        const history = seen.get(deliveryId) ?? { count: 0, firstSeenAt: signedAt };
        history.count += 1;
        seen.set(deliveryId, history);
        const scripted = scripts.get(token)?.({ signedAt, deliveryId, seen: history.count, firstSeenAt: history.firstSeenAt });
        // The answer is dated by the demo's clock too, as the request was.
        response.setHeader('date', new Date(signedAt).toUTCString());
        if (scripted) {
          response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(scripted.body);
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
        try {
          const recorded = await recordInboxRequest({ token, method: request.method ?? 'POST', headers, body: Buffer.concat(chunks).toString('utf8') });
          // Received when it was sent, a few milliseconds of network later.
          await db.inboxRequest.update({ where: { id: recorded.id }, data: { receivedAt: new Date(signedAt + 5 + randomInt(40)) } });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(recorded));
        } catch (error) {
          const code = (error as { code?: string }).code;
          response
            .writeHead(code === 'not_found' ? 404 : 500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: code ?? 'internal_error', message: (error as Error).message } }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type QueuedJob = { id: string; data: DeliveryJobData<DeliveryTrigger>; startAfter: Date };

/** The queued delivery jobs of these deliveries (initial, test and retry), due by `until`. */
async function dueJobs(deliveryIds: string[], until: number): Promise<QueuedJob[]> {
  if (deliveryIds.length === 0) return [];
  const { rows } = await pool().query<{ id: string; data: DeliveryJobData<DeliveryTrigger>; start_after: Date }>(
    `select id, data, start_after from pgboss.job
     where name = $1 and state = 'created' and data->>'deliveryId' = any($2::text[]) and start_after <= $3
     order by start_after`,
    [DELIVERY_QUEUE, deliveryIds, new Date(until)],
  );
  return rows.map((row) => ({ id: row.id, data: row.data, startAfter: row.start_after }));
}

/**
 * Records the demo's week: run once, on the first start, before the worker starts. The
 * webhook URLs name `baseUrl` (where the web server will serve the inbox); the requests
 * go to a loopback receiver running the inbox code meanwhile.
 */
export async function recordDemoHistory(input: {
  organizationId: string;
  baseUrl: string;
  now?: number;
  /** Events over the week; about 20 a day by default. */
  events?: number;
  /** When aborted, stops after the current hour of the week (what is recorded stays). */
  signal?: AbortSignal;
}): Promise<DemoHistoryResult> {
  const started = Date.now();
  const now = input.now ?? Date.now();
  const weekAgo = now - 7 * DAY_MS;
  const organization = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId }, select: { id: true } });
  const subOrganizations = await db.organization.findMany({ where: { parentId: organization.id }, select: { id: true } });
  const forms = await db.form.findMany({ where: { organizationId: organization.id, status: 'published' }, select: { id: true, name: true } });
  const webhooks = await db.webhook.findMany({ where: { organizationId: organization.id }, select: { id: true, name: true, url: true } });
  const tokenOf = (url: string) => url.split('/inbox/')[1] ?? '';

  // Two more webhooks with a story: a portal retired three days ago (it now answers 410
  // Gone, which disables the webhook), and one added yesterday with a wrong inbox URL,
  // failing every delivery since and still retrying.
  const legacyInbox = await db.inbox.create({
    data: { id: createId('inbox'), organizationId: organization.id, name: 'Legacy donor portal', token: randomBytes(12).toString('base64url') },
  });
  const inboxUrl = (token: string) => `${input.baseUrl.replace(/\/$/, '')}/inbox/${token}`;
  await createWebhook({
    organizationId: organization.id,
    data: { url: inboxUrl(legacyInbox.token), name: 'Legacy donor portal', description: 'The old donor portal; retired this week.', events: ['donation.created', 'subscription.processed'] },
  });
  const volunteers = await createWebhook({
    organizationId: organization.id,
    data: {
      url: inboxUrl(randomBytes(12).toString('base64url')),
      name: 'Volunteer onboarding',
      description: 'New people and tags for the volunteer team (added yesterday).',
      events: ['person.created', 'contact.created', 'contact.tag_added', 'form.submitted'],
      retryPolicy: 'exponential',
    },
  });
  const volunteersSince = now - 30 * HOUR_MS;
  await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { createdAt: new Date(weekAgo - HOUR_MS) } });
  await db.webhook.update({ where: { id: volunteers.row.id }, data: { createdAt: new Date(volunteersSince) } });
  await db.inbox.updateMany({ where: { organizationId: organization.id }, data: { createdAt: new Date(weekAgo - HOUR_MS) } });

  const outageStart = Math.floor((now - 4 * DAY_MS) / HOUR_MS) * HOUR_MS;
  const retiredAt = now - 3 * DAY_MS + 2 * HOUR_MS;
  const scripts = new Map<string, Script>();
  const finance = webhooks.find((webhook) => webhook.name === 'Finance ledger');
  const crm = webhooks.find((webhook) => webhook.name.startsWith('CRM sync'));
  const registrations = webhooks.find((webhook) => webhook.name === 'Registrations desk');
  if (finance) {
    // What arrived during the outage was refused twice (503, Retry-After), then went through.
    scripts.set(tokenOf(finance.url), ({ firstSeenAt, seen }) =>
      firstSeenAt >= outageStart && firstSeenAt < outageStart + OUTAGE_MS && seen <= 2
        ? { status: 503, headers: { 'retry-after': '900' }, body: '{"error":"ledger is down for maintenance"}' }
        : null,
    );
  }
  if (crm) scripts.set(tokenOf(crm.url), ({ seen }) => (seen === 1 && randomInt(40) === 0 ? { status: 500, body: '{"error":"upstream timeout"}' } : null));
  scripts.set(legacyInbox.token, ({ signedAt }) => (signedAt >= retiredAt ? { status: 410, body: '{"error":"This portal has been retired"}' } : null));

  const receiver = await startHistoryReceiver(scripts);
  // The week's failed attempts are history, not news: no log line for each of them at start.
  const log = logger();
  const logLevel = log.level;
  if (log.levelVal < log.levels.values.warn) log.level = 'warn';
  // The web server's address in the URLs, the history receiver's port on the wire.
  const base = new URL(input.baseUrl);
  const allowlist = parseCidrList('127.0.0.0/8');
  const lookup = async () => [{ address: '127.0.0.1', family: 4 }];

  const result: DemoHistoryResult = { events: 0, deliveries: 0, attempts: 0, durationMs: 0 };
  const deliveryIds: string[] = [];

  /** Attempts every job due by `until`, each at its own moment, as the worker would have then. */
  const runUntil = async (until: number) => {
    for (;;) {
      const jobs = await dueJobs(deliveryIds, until);
      if (jobs.length === 0) return;
      // Jobs due within one window are recorded together, as one of the worker's batches.
      const windowEnd = jobs[0].startAfter.getTime() + WINDOW_MS;
      const batch = jobs.filter((job) => job.startAfter.getTime() <= windowEnd);
      const work = await loadDeliveries(batch.map((job) => job.data.deliveryId));
      const results = (
        await Promise.all(
          batch.map(async (job) => {
            const delivery = work.get(job.data.deliveryId);
            if (!delivery) return null;
            const at = new Date(job.startAfter.getTime() + 30 + randomInt(400));
            const original = delivery.url;
            delivery.url = original.replace(`${base.protocol}//${base.host}`, `http://127.0.0.1:${receiver.port}`);
            const attempt = await attemptDelivery(delivery, { id: job.id, trigger: job.data.trigger }, { allowlist, lookup, now: () => at });
            // Stored as sent to the web server's address, which is what the webhook says.
            return { ...attempt, request: { ...attempt.request, url: original } };
          }),
        )
      ).filter((attempt): attempt is AttemptResult => attempt !== null);
      if (results.length === 0) return;
      const latest = new Date(Math.max(...results.map((r) => r.startedAt.getTime() + r.durationMs)));
      const { disabled, failing } = await recordAttempts({ results, skipped: [], now: latest });
      for (const webhook of failing) {
        const emitted = await emitEvent(webhookFailingEvent(webhook));
        await dateEvents([{ ...emitted, at: latest.getTime() }]);
      }
      result.attempts += results.length;
      for (const webhook of disabled) {
        const emitted = await emitEvent({
          organizationId: webhook.organizationId,
          type: 'webhook.disabled',
          data: { webhookId: webhook.id, url: webhook.url, reason: webhook.reason, disabledAt: webhook.disabledAt.toISOString() },
        });
        await dateEvents([{ ...emitted, at: webhook.disabledAt.getTime() }]);
      }
    }
  };

  /** Dates events, their deliveries and their queued jobs at the moment they happened. */
  const dateEvents = async (emitted: { eventId: string; deliveries: { id: string }[]; at: number }[]) => {
    if (emitted.length === 0) return;
    // "createdAt" columns are UTC timestamps without zone (Prisma's DateTime).
    const ids = emitted.map((event) => event.eventId);
    const times = emitted.map((event) => new Date(event.at).toISOString());
    await pool().query(
      `update "Event" e set "createdAt" = (u.at::timestamptz at time zone 'UTC') from unnest($1::text[], $2::text[]) as u(id, at) where e.id = u.id`,
      [ids, times],
    );
    await pool().query(
      `update "Delivery" d set "createdAt" = (u.at::timestamptz at time zone 'UTC') from unnest($1::text[], $2::text[]) as u(id, at) where d."eventId" = u.id`,
      [ids, times],
    );
    const deliveries = emitted.flatMap((event) => event.deliveries.map((delivery) => [delivery.id, new Date(event.at).toISOString()] as const));
    await pool().query(
      `update pgboss.job j set start_after = u.at::timestamptz from unnest($2::text[], $3::text[]) as u(id, at)
       where j.name = $1 and j.state = 'created' and j.data->>'deliveryId' = u.id`,
      [DELIVERY_QUEUE, deliveries.map(([id]) => id), deliveries.map(([, at]) => at)],
    );
    for (const [id] of deliveries) deliveryIds.push(id);
    result.events += emitted.length;
    result.deliveries += deliveries.length;
  };

  const count = input.events ?? 150;
  // A few "Send a Test" clicks from the console, spread over the week.
  const tests = [
    { at: weekAgo + 2 * HOUR_MS, webhookId: registrations?.id, event: 'registration.created' },
    { at: now - 5 * DAY_MS + 10 * HOUR_MS, webhookId: finance?.id, event: 'donation.created' },
    { at: volunteersSince + 10 * 60_000, webhookId: volunteers.row.id, event: 'person.created' },
  ].filter((test): test is { at: number; webhookId: string; event: string } => Boolean(test.webhookId));
  let volunteersNow: 'ACTIVE' | 'PAUSED' = 'ACTIVE';
  const moments = [
    ...Array.from({ length: count }, () => ({ at: randomMomentWithin(weekAgo, now - 5 * 60_000), test: null as null | { webhookId: string; event: string } })),
    ...tests.map((test) => ({ at: test.at, test: { webhookId: test.webhookId, event: test.event } })),
    // The ledger's outage fell on a busy afternoon of donations.
    ...Array.from({ length: 6 }, () => ({ at: outageStart + randomInt(OUTAGE_MS), test: null, type: 'donation.created' })),
  ].sort((a, b) => a.at - b.at) as { at: number; test: null | { webhookId: string; event: string }; type?: string }[];
  try {
    // Window by window: the window's events are accepted, then every attempt due in it runs.
    for (let windowStart = weekAgo; windowStart < now && !input.signal?.aborted; windowStart += WINDOW_MS) {
      const inWindow = moments.filter((moment) => moment.at >= windowStart && moment.at < windowStart + WINDOW_MS);
      const emitted: { eventId: string; deliveries: { id: string }[]; at: number }[] = [];
      for (const moment of inWindow) {
        // The volunteer webhook exists only since yesterday: it gets no earlier events.
        const volunteersStatus = moment.at >= volunteersSince ? 'ACTIVE' : 'PAUSED';
        if (volunteersStatus !== volunteersNow) {
          await db.webhook.update({ where: { id: volunteers.row.id }, data: { status: volunteersStatus } });
          volunteersNow = volunteersStatus;
        }
        if (moment.test) {
          const sent = await sendTestEvent({ organizationId: organization.id, webhookId: moment.test.webhookId, event: moment.test.event, scopes: ALL_SCOPES });
          emitted.push({ eventId: sent.eventId, deliveries: [{ id: sent.deliveryId }], at: moment.at });
          continue;
        }
        const type = moment.type ?? pickType();
        const fromSub = subOrganizations.length > 0 && randomInt(5) === 0;
        const target = fromSub ? subOrganizations[randomInt(subOrganizations.length)].id : organization.id;
        const formScoped = /^(donation|registration|registrant|form|coupon)\./.test(type) && forms.length > 0 && !fromSub;
        const event = await emitEvent({
          organizationId: target,
          type,
          data: varySample(type),
          formId: formScoped ? forms[randomInt(forms.length)].id : null,
          resourceId: type.startsWith('contact.tag') ? `tag-${randomInt(1, 6)}` : null,
        });
        emitted.push({ ...event, at: moment.at });
      }
      await dateEvents(emitted);
      await runUntil(Math.min(now, windowStart + WINDOW_MS));
    }
    if (!input.signal?.aborted) await runUntil(now);
    // Paused above only to stand for "did not exist yet": what it held then was never sent to it.
    await db.delivery.deleteMany({ where: { webhookId: volunteers.row.id, status: 'HELD' } });
  } finally {
    await receiver.close();
    log.level = logLevel;
  }
  result.durationMs = Date.now() - started;
  return result;
}
