// The bench's own embedded PostgreSQL, migrated, with the queues installed, and the
// environment the bench and its worker processes run with.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../scripts/support/embedded-database';
import { findFreePort } from '../scripts/support/free-port';
import { runMigrations } from '../scripts/support/migrate';

export type BenchDatabase = {
  /** The bench's temporary directory; the cluster lives in `pg/` under it. */
  directory: string;
  env: NodeJS.ProcessEnv;
  /** BENCH_PG_STATS=1: pg_stat_statements and auto_explain are loaded. */
  pgStats: boolean;
  stop: () => Promise<void>;
};

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const directory = path.join(os.tmpdir(), `tidings-bench-${process.pid}`);
  await rm(directory, { recursive: true, force: true });
  const port = await findFreePort();
  console.log('starting embedded PostgreSQL (default durability: fsync and synchronous_commit on)…');
  // BENCH_PG_STATS=1 prints the statements that took PostgreSQL's time during the drain.
  const pgStats = process.env.BENCH_PG_STATS === '1';
  const database = await startEmbeddedDatabase({
    directory: path.join(directory, 'pg'),
    port,
    password: 'bench',
    settings: pgStats
      ? {
          shared_preload_libraries: 'pg_stat_statements,auto_explain',
          'pg_stat_statements.track': 'all',
          // Plans of slow statements go to the server log (kept when BENCH_PG_STATS=1).
          'auto_explain.log_min_duration': '10ms',
          'auto_explain.log_analyze': 'on',
          'auto_explain.log_buffers': 'on',
          'auto_explain.log_nested_statements': 'on',
        }
      : undefined,
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    TIDINGS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    NEXTAUTH_URL: 'http://localhost',
    TIDINGS_ALLOW_HTTP: '1',
    TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8',
    TIDINGS_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  Object.assign(process.env, env);
  await runMigrations(database.url);
  const { installQueues } = await import('../lib/queue/boss');
  await installQueues(database.url);
  return { directory, env, pgStats, stop: () => database.stop() };
}
