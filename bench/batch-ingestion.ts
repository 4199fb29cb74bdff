// Batch ingestion: POST /events/batch through its real route handler (API key, body
// parsing, per-item checks, one transaction per batch committed with fsync and
// synchronous_commit on), batches of 100 events, each event matching one webhook. No
// worker runs: the figure is durable events (with their deliveries and queue jobs) per second.
import { cpuSeconds } from './cpu-seconds';
import { BATCH_CONCURRENCY, BATCH_COUNT, BATCH_SIZE } from './settings';

export type BatchIngestionResult = Awaited<ReturnType<typeof measureBatchIngestion>>;

export async function measureBatchIngestion(pgDirectory: string, receiverUrl: string, pgStats = false) {
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createApiKey } = await import('../lib/api-keys/create-api-key');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { BOSS_SCHEMA } = await import('../lib/queue/boss');
  const { DELIVERY_QUEUE } = await import('../lib/queue/queues');
  const { POST } = await import('../app/api/v1/events/batch/route');
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: 'bench-batch', name: 'Bench batch' } });
  await createWebhook({ organizationId, data: { url: `${receiverUrl}?batch=1`, events: ['donation.created'], pingOnCreate: false } });
  const { token } = await createApiKey({ organizationId, name: 'bench batch', scopes: ['events:write'] });
  const send = async (batch: number) => {
    const events = Array.from({ length: BATCH_SIZE }, (_, index) => ({
      type: 'donation.created',
      data: { donation: { id: batch * BATCH_SIZE + index, amount_in_cents: 2500 } },
    }));
    const response = await POST(
      new Request('http://localhost/api/v1/events/batch', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      }),
      { params: Promise.resolve({}) },
    );
    const body = (await response.json()) as { results: { eventId?: string; deliveries?: number }[] };
    if (response.status !== 200 || body.results.some((result) => result.deliveries !== 1)) {
      throw new Error(`batch ${batch}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  // Warm up: the route's modules, the key's lookup, the statements.
  for (let batch = 0; batch < 3; batch += 1) await send(-1 - batch);
  const before = Number((await pool().query<{ count: number }>('select count(*)::int as count from "Event" where "organizationId" = $1', [organizationId])).rows[0].count);
  console.log(`[batch] ${BATCH_COUNT} batches of ${BATCH_SIZE} events, ${BATCH_CONCURRENCY} at a time…`);
  if (pgStats) await pool().query('create extension if not exists pg_stat_statements; select pg_stat_statements_reset()');
  const cpuBefore = await cpuSeconds(pgDirectory, { bench: [process.pid] });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: BATCH_CONCURRENCY }, async () => {
      while (next < BATCH_COUNT) {
        next += 1;
        await send(next);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await cpuSeconds(pgDirectory, { bench: [process.pid] });
  if (pgStats) {
    const { rows: statements } = await pool().query<{ ms: number; calls: number; query: string }>(
      `select round(total_exec_time)::int as ms, calls::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as query from pg_stat_statements order by total_exec_time desc limit 12`,
    );
    console.log(`[batch] PostgreSQL time by statement (${seconds.toFixed(1)} s):`);
    for (const row of statements) console.log(`  ${String(row.ms).padStart(6)} ms ${String(row.calls).padStart(6)} calls  ${row.query}`);
  }
  const stored = Number((await pool().query<{ count: number }>('select count(*)::int as count from "Event" where "organizationId" = $1', [organizationId])).rows[0].count) - before;
  const { rows } = await pool().query<{ count: number }>(`select count(*)::int as count from "Delivery" where "organizationId" = $1`, [organizationId]);
  if (stored !== BATCH_COUNT * BATCH_SIZE) throw new Error(`stored ${stored} events of ${BATCH_COUNT * BATCH_SIZE}`);
  // What it queued is not the drains' to deliver: their progress counter is global, so
  // 30,000 leftover deliveries would end the one-worker drain early and spill into the next.
  await pool().query(
    `delete from ${BOSS_SCHEMA}.job where name = $1 and data->>'deliveryId' in (select id from "Delivery" where "organizationId" = $2)`,
    [DELIVERY_QUEUE, organizationId],
  );
  await db.organization.delete({ where: { id: organizationId } });
  // CPU milliseconds per event, by process (PostgreSQL; this process is the web process).
  const cpuMsPerEvent = Object.fromEntries(
    Object.keys(cpuAfter).map((name) => [name, Number((((cpuAfter[name] - (cpuBefore[name] ?? 0)) * 1000) / stored).toFixed(3))]),
  );
  return {
    batchSize: BATCH_SIZE,
    batches: BATCH_COUNT,
    concurrency: BATCH_CONCURRENCY,
    events: stored,
    deliveries: rows[0].count,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(stored / seconds),
    cpuMsPerEvent,
  };
}

export function describeBatchIngestion(result: BatchIngestionResult): [string, string, string] {
  return [
    `batch ingestion (POST /events/batch, ${result.batchSize} per batch, one match each, ${result.concurrency} concurrent)`,
    `${result.eventsPerSecond.toLocaleString('en-US')} durable events/s`,
    '≥ 10,000 events/s',
  ];
}
