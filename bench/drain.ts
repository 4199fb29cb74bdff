// Phase 2, sustained durable deliveries: a backlog of events fanned out to webhooks,
// drained by worker processes sharing the queue.
import path from 'node:path';
import { residentMemoryMb } from '../scripts/support/process-memory';
import { cpuSeconds } from './cpu-seconds';
import type { BenchDatabase } from './database';
import { startWorkerProcess, type BenchReceiver } from './processes';
import { BACKLOG_EVENTS, FAN_OUT } from './settings';

export type DrainResult = Awaited<ReturnType<typeof measureDrain>>;

/** Queues BACKLOG_EVENTS × FAN_OUT deliveries, then times `workers` worker processes draining them (left running). */
export async function measureDrain(database: BenchDatabase, receiver: BenchReceiver, label: string, workers: number) {
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  const { directory, env, pgStats } = database;
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: `bench-${label}`, name: `Bench ${label}` } });
  for (let i = 0; i < FAN_OUT; i += 1) {
    await createWebhook({ organizationId, data: { url: `${receiver.url}?w=${i}`, events: ['donation.created'] } });
  }
  console.log(`[${label}] queueing ${BACKLOG_EVENTS} events × ${FAN_OUT} webhooks…`);
  const emitStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < BACKLOG_EVENTS) {
        next += 1;
        await emitEvent({ organizationId, type: 'donation.created', data: { donation: { id: next, amount_in_cents: 2500 } } });
      }
    }),
  );
  const emitSeconds = (performance.now() - emitStarted) / 1000;
  const totalDeliveries = BACKLOG_EVENTS * FAN_OUT;
  console.log(`[${label}] draining ${totalDeliveries} deliveries with ${workers} worker process(es)…`);
  // Progress from the exact delivery counter (one row), not a count over the deliveries:
  // the bench's own polling should not take the database's time from the drain.
  const succeededSoFar = async () =>
    Number((await pool().query<{ value: number }>(`select coalesce(sum(value), 0)::float8 as value from "Metric" where name = 'tidings_deliveries_total' and labels = 'outcome="succeeded"'`)).rows[0].value);
  const succeededBefore = await succeededSoFar();
  if (pgStats) await pool().query('create extension if not exists pg_stat_statements; select pg_stat_statements_reset()');
  const started = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(env)));
  const drainStarted = performance.now();
  const cpuPids = () => ({ worker: started.map((child) => child.pid!), receiver: [receiver.child.pid!] });
  const cpuBefore = await cpuSeconds(path.join(directory, 'pg'), cpuPids());
  let peakRssMb = 0;
  for (;;) {
    const done = (await succeededSoFar()) - succeededBefore;
    for (const child of started) peakRssMb = Math.max(peakRssMb, await residentMemoryMb(child.pid!));
    if (done >= totalDeliveries) break;
    if (performance.now() - drainStarted > 600_000) throw new Error(`only ${done} of ${totalDeliveries} delivered in 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const cpuAfter = await cpuSeconds(path.join(directory, 'pg'), cpuPids());
  // CPU milliseconds per delivery, by process: where the two cores went.
  const cpuMsPerDelivery = Object.fromEntries(
    Object.keys(cpuAfter).map((name) => [name, Number((((cpuAfter[name] - (cpuBefore[name] ?? 0)) * 1000) / totalDeliveries).toFixed(3))]),
  );
  console.log(`[${label}] CPU ms per delivery: ${JSON.stringify(cpuMsPerDelivery)}`);
  if (pgStats) {
    const { rows: statements } = await pool().query<{ ms: number; calls: number; rows: number; walKb: number; dirtied: number; query: string }>(
      `select round(total_exec_time)::int as ms, calls::int, rows::int, round(wal_bytes / 1024)::int as "walKb",
              shared_blks_dirtied::int as dirtied, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) as query
       from pg_stat_statements order by total_exec_time desc limit 15`,
    );
    // WAL and dirtied pages do not move with the machine's noise, as time does.
    console.log(`[${label}] PostgreSQL time by statement (drain of ${drainSeconds.toFixed(1)} s):`);
    for (const row of statements) {
      console.log(`  ${String(row.ms).padStart(6)} ms ${String(row.calls).padStart(6)} calls ${String(row.rows).padStart(7)} rows ${String(row.walKb).padStart(7)} kB WAL ${String(row.dirtied).padStart(6)} dirtied  ${row.query}`);
    }
  }
  const { rows: attemptRows } = await pool().query<{ attempts: number }>(
    `select count(*)::int as attempts from "Attempt" a join "Delivery" d on d.id = a."deliveryId" where d."organizationId" = $1`,
    [organizationId],
  );
  return { started, organizationId, totalDeliveries, emitSeconds, drainSeconds, attempts: attemptRows[0].attempts, peakRssMb, cpuMsPerDelivery, perSecond: totalDeliveries / drainSeconds };
}
