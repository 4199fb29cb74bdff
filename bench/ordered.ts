// Phase 4c, ordered delivery: one webhook, 5,000 events over 1,000 ordering keys, drained by
// one worker process, with ordering "none" and then "key" (docs/delivery-semantics.md#ordered-delivery).
import type { BenchReceiver } from './processes';
import { startWorkerProcess, stopWorkerProcesses } from './processes';

const KEYS = 1_000;
const EVENTS = Number(process.env.BENCH_ORDERED_EVENTS ?? 5_000);

export type OrderedResult = { keys: number; events: number; unorderedPerSecond: number; orderedPerSecond: number; ratio: number };

async function drainOne(env: NodeJS.ProcessEnv, receiver: BenchReceiver, ordering: 'none' | 'key'): Promise<number> {
  const { db } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: `bench-ordered-${ordering}`, name: `Bench ordered ${ordering}` } });
  await createWebhook({ organizationId, data: { url: `${receiver.url}?ordering=${ordering}`, events: ['donation.updated'], ordering, pingOnCreate: false } });
  console.log(`[ordered ${ordering}] queueing ${EVENTS} events over ${KEYS} keys…`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < EVENTS) {
        const index = next;
        next += 1;
        const key = index % KEYS;
        await emitEvent({ organizationId, type: 'donation.updated', data: { donation: { id: key, amount_in_cents: index } }, orderingKey: String(key) });
      }
    }),
  );
  await receiver.ask('reset');
  const [worker] = [await startWorkerProcess(env)];
  const started = performance.now();
  while ((await receiver.ask<{ count: number }>('count')).count < EVENTS) {
    if (performance.now() - started > 300_000) throw new Error(`ordered ${ordering}: not drained in 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await stopWorkerProcesses([worker]);
  const perSecond = EVENTS / seconds;
  console.log(`[ordered ${ordering}] ${Math.round(perSecond)} deliveries/s`);
  return perSecond;
}

/** Throughput of one webhook's backlog, unordered and ordered by 1,000 keys, and their ratio. */
export async function measureOrdered(env: NodeJS.ProcessEnv, receiver: BenchReceiver): Promise<OrderedResult> {
  const unorderedPerSecond = await drainOne(env, receiver, 'none');
  const orderedPerSecond = await drainOne(env, receiver, 'key');
  return { keys: KEYS, events: EVENTS, unorderedPerSecond: Math.round(unorderedPerSecond), orderedPerSecond: Math.round(orderedPerSecond), ratio: Number((orderedPerSecond / unorderedPerSecond).toFixed(2)) };
}

export function describeOrdered(result: OrderedResult): [string, string, string] {
  return [
    `one webhook, ${result.events} events over ${result.keys} ordering keys: ordered vs unordered`,
    `${result.orderedPerSecond} /s vs ${result.unorderedPerSecond} /s (${result.ratio}×)`,
    'reported',
  ];
}
