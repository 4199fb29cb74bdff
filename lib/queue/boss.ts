import 'server-only';
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import { env } from '../env';
import { pool } from '../db';

export const BOSS_SCHEMA = 'pgboss';

/** pg-boss's database interface over a pg client or pool, so jobs join our transactions. */
export function bossDb(client: pg.Pool | pg.PoolClient) {
  return { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
}

/** The worker's pg-boss: its own pool, LISTEN/NOTIFY, maintenance and schedules. */
export function createWorkerBoss(options: { max?: number } = {}): PgBoss {
  const connectionString = env().DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  return new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    max: options.max ?? 10,
    useListenNotify: true,
    superviseIntervalSeconds: 5,
    // Heartbeat expiry runs in pg-boss's monitor pass, at most once per
    // monitorIntervalSeconds (default 60) per queue: a dead worker's jobs would wait up to
    // a minute for it. Every 5 s, they are back within about 15 s.
    monitorIntervalSeconds: 5,
    application_name: 'tidings-worker',
    instanceName: 'tidings-worker',
    // The queue's statistics lag behind a burst (a backlog inserted since the last
    // ANALYZE is estimated at a few rows), and the planner then fetches with a bitmap
    // scan that sorts the whole backlog on every fetch: O(backlog) per batch, worst
    // exactly when the backlog is largest. Without bitmap scans the fetch reads the
    // ordered partial index (job_i11) and stops after its LIMIT, whatever the estimate.
    options: '-c enable_bitmapscan=off',
  });
}

type BossGlobals = { tidingsPublisher?: Promise<PgBoss> };
const globals = globalThis as typeof globalThis & BossGlobals;

/**
 * A pg-boss that only enqueues (the web app, the CLI, tests): no maintenance, no
 * schema migration, no pool of its own; it shares this process's pool.
 *
 * Its start runs a query. Callers enqueue inside their own transaction, so the first
 * burst of requests of a process can hold every connection of the pool while each waits
 * for the publisher to start: a deadlock, seen as requests that never answer. The caller's
 * transaction client therefore serves the start's queries; later queries use the pool.
 */
export function publisherBoss(client?: pg.PoolClient): Promise<PgBoss> {
  globals.tidingsPublisher ??= (async () => {
    let starting: pg.PoolClient | undefined = client;
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => (starting ?? pool()).query(text, values) },
      schema: BOSS_SCHEMA,
      supervise: false,
      schedule: false,
      migrate: false,
      createSchema: false,
      registerInstance: false,
    });
    boss.on('error', () => undefined);
    try {
      await boss.start();
    } finally {
      starting = undefined;
    }
    return boss;
  })().catch((error: unknown) => {
    globals.tidingsPublisher = undefined;
    throw error;
  });
  return globals.tidingsPublisher;
}

/** Installs or migrates pg-boss's schema and our queues; run with the SQL migrations. */
export async function installQueues(connectionString: string): Promise<void> {
  const { createQueues } = await import('./queues');
  const boss = new PgBoss({ connectionString, schema: BOSS_SCHEMA, supervise: false, schedule: false, registerInstance: false, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  await createQueues(boss);
  await boss.stop({ graceful: false, close: true });
}
