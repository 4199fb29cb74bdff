// Phase 3, latency: emit → received at a steady rate, the worker already running.
import type { BenchReceiver } from './processes';
import { LATENCY_SECONDS, percentile } from './settings';

/** Emits `eventsPerSecond` events for LATENCY_SECONDS to `webhooks` webhooks; emit → received percentiles. */
export async function measureLatency(receiver: BenchReceiver, label: string, eventsPerSecond: number, webhooks: number) {
  const { db } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  await receiver.ask('reset');
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: `bench-latency-${label}`, name: `Bench latency ${label}` } });
  for (let i = 0; i < webhooks; i += 1) {
    await createWebhook({ organizationId, data: { url: `${receiver.url}?latency=${label}&w=${i}`, events: ['person.created'] } });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await receiver.ask('reset');
  console.log(`latency at ${eventsPerSecond} events/s × ${webhooks} webhook(s) for ${LATENCY_SECONDS} s…`);
  const emittedAt = new Map<string, number>();
  const total = Math.round(eventsPerSecond * LATENCY_SECONDS);
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / eventsPerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    inFlight.push(
      emitEvent({ organizationId, type: 'person.created', data: { signup: { id: i } } }).then((result) => {
        for (const delivery of result.deliveries) emittedAt.set(delivery.id, at);
      }),
    );
  }
  await Promise.all(inFlight);
  const emitSeconds = (Date.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while ((await receiver.ask<{ count: number }>('count')).count < total * webhooks && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { arrivals } = await receiver.ask<{ arrivals: [string, number][] }>('dump');
  const latencies = arrivals
    .filter(([id]) => emittedAt.has(id))
    .map(([id, at]) => at - emittedAt.get(id)!)
    .sort((a, b) => a - b);
  return {
    eventsPerSecond,
    webhooks,
    deliveriesPerSecond: Math.round((total * webhooks) / emitSeconds),
    seconds: LATENCY_SECONDS,
    expected: total * webhooks,
    received: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
