// Phase 3, latency: emit → received at a steady rate, the worker already running.
//   - at 100 events/s to one webhook, emitted in process (emitEvent);
//   - steady state: at 50 % and 80 % of the measured drain peak, through POST /events as a
//     client sends them (route handler, API key, rate limit, group commit), while the worker
//     delivers on the same two cores; the delivery queue's backlog is sampled throughout.
import type { BenchReceiver } from './processes';
import { percentile } from './settings';

export type LatencyOptions = {
  label: string;
  eventsPerSecond: number;
  webhooks: number;
  seconds: number;
  /** How events go in: emitEvent in this process, or POST /events through its route handler. */
  through: 'emitEvent' | 'POST /events';
  /** Sample the delivery queue's backlog while emitting (the steady-state points). */
  sampleQueue: boolean;
};

/** How often the queued delivery jobs are counted during a steady-state point. */
const BACKLOG_SAMPLE_MS = 250;
/** A key's budget is 1,200 requests a minute: each key sends at most this many. */
const REQUESTS_PER_KEY = 1_000;

/** Emits `eventsPerSecond` events for `seconds` to `webhooks` webhooks; emit → received percentiles, and the queue's backlog. */
export async function measureLatency(receiver: BenchReceiver, options: LatencyOptions) {
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createApiKey } = await import('../lib/api-keys/create-api-key');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  const { POST } = await import('../app/api/v1/events/route');
  const { BOSS_SCHEMA } = await import('../lib/queue/boss');
  const { DELIVERY_QUEUE } = await import('../lib/queue/queues');
  const { label, eventsPerSecond, webhooks, seconds, through, sampleQueue } = options;
  await receiver.ask('reset');
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: `bench-latency-${label}`, name: `Bench latency ${label}` } });
  for (let i = 0; i < webhooks; i += 1) {
    await createWebhook({ organizationId, data: { url: `${receiver.url}?latency=${label}&w=${i}`, events: ['person.created'] } });
  }
  const total = Math.round(eventsPerSecond * seconds);
  const tokens: string[] = [];
  if (through === 'POST /events') {
    for (let i = 0; i < Math.ceil(total / REQUESTS_PER_KEY); i += 1) {
      tokens.push((await createApiKey({ organizationId, name: `bench latency ${i}`, scopes: ['events:write'] })).token);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await receiver.ask('reset');

  /** Stores one event the way `through` says; its event id. */
  const emit = async (i: number): Promise<string> => {
    const event = { type: 'person.created', data: { signup: { id: i } } };
    if (through === 'emitEvent') return (await emitEvent({ organizationId, ...event })).eventId;
    const response = await POST(
      new Request('http://localhost/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[Math.floor(i / REQUESTS_PER_KEY)]}`, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      }),
      { params: Promise.resolve({}) },
    );
    const body = (await response.json()) as { eventId: string };
    if (response.status !== 202) throw new Error(`[latency ${label}] event ${i}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body.eventId;
  };

  // The queued delivery jobs (not yet fetched by the worker), sampled while the events go in.
  const backlog: { atMs: number; queued: number }[] = [];
  const countQueued = async () =>
    (await pool().query<{ count: number }>(`select count(*)::int as count from ${BOSS_SCHEMA}.job where name = $1 and state in ('created', 'retry')`, [DELIVERY_QUEUE])).rows[0].count;

  console.log(`latency at ${eventsPerSecond} events/s × ${webhooks} webhook(s) for ${seconds} s through ${through}…`);
  const emittedAt = new Map<string, number>();
  const started = Date.now();
  let emitting = true;
  const sampling = (async () => {
    if (!sampleQueue) return;
    while (emitting) {
      backlog.push({ atMs: Date.now() - started, queued: await countQueued() });
      await new Promise((resolve) => setTimeout(resolve, BACKLOG_SAMPLE_MS));
    }
  })();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / eventsPerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    inFlight.push(emit(i).then((eventId) => void emittedAt.set(eventId, at)));
  }
  await Promise.all(inFlight);
  const emitSeconds = (Date.now() - started) / 1000;
  emitting = false;
  await sampling;
  if (sampleQueue) backlog.push({ atMs: Date.now() - started, queued: await countQueued() });
  const deadline = Date.now() + 60_000;
  while ((await receiver.ask<{ count: number }>('count')).count < total * webhooks && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { arrivals } = await receiver.ask<{ arrivals: [string, number][] }>('dump');
  const { rows: deliveries } = await pool().query<{ id: string; eventId: string }>(`select id, "eventId" from "Delivery" where "organizationId" = $1`, [organizationId]);
  const eventOf = new Map(deliveries.map((delivery) => [delivery.id, delivery.eventId]));
  const latencies = arrivals
    .filter(([id]) => emittedAt.has(eventOf.get(id) ?? ''))
    .map(([id, at]) => at - emittedAt.get(eventOf.get(id)!)!)
    .sort((a, b) => a - b);
  const deliveriesPerSecond = Math.round((total * webhooks) / emitSeconds);
  return {
    eventsPerSecond,
    webhooks,
    through,
    deliveriesPerSecond,
    seconds,
    expected: total * webhooks,
    received: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(sampleQueue ? { queue: describeBacklog(backlog, deliveriesPerSecond) } : {}),
  };
}

/**
 * The queued jobs at the start, after 5 s, at the end and at most, and whether the queue grew:
 * its mean over the last 5 s exceeds its mean over seconds 5 to 10 by more than one second
 * of deliveries (a worker keeping up holds a backlog that moves around a level, it does not climb).
 */
function describeBacklog(samples: { atMs: number; queued: number }[], deliveriesPerSecond: number) {
  const mean = (from: number, to: number) => {
    const inWindow = samples.filter((sample) => sample.atMs >= from && sample.atMs < to).map((sample) => sample.queued);
    return inWindow.length === 0 ? 0 : Math.round(inWindow.reduce((sum, value) => sum + value, 0) / inWindow.length);
  };
  const endMs = samples.at(-1)?.atMs ?? 0;
  const afterFiveSeconds = samples.find((sample) => sample.atMs >= 5_000)?.queued ?? 0;
  const early = mean(5_000, 10_000);
  const late = mean(endMs - 5_000, endMs + 1);
  return {
    samples: samples.length,
    start: samples[0]?.queued ?? 0,
    afterFiveSeconds,
    end: samples.at(-1)?.queued ?? 0,
    max: Math.max(0, ...samples.map((sample) => sample.queued)),
    meanSecondsFiveToTen: early,
    meanLastFiveSeconds: late,
    grew: late - early > deliveriesPerSecond,
  };
}

export type SteadyStateResult = Awaited<ReturnType<typeof measureLatency>> & { queue: ReturnType<typeof describeBacklog> };
