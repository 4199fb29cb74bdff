import 'server-only';
import { pool } from '../db';
import { BOSS_SCHEMA } from '../queue/boss';

export type Health = { status: 'ok' | 'unavailable'; database: 'ok' | 'unavailable'; queue: 'ok' | 'unavailable' };

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The database answers, and pg-boss's schema (the queue) is installed and readable. */
export async function checkHealth(): Promise<Health> {
  let database: Health['database'] = 'unavailable';
  let queue: Health['queue'] = 'unavailable';
  try {
    await withTimeout(pool().query('select 1'), 3_000);
    database = 'ok';
    const { rows } = await withTimeout(
      pool().query(`select count(*)::int as queues from ${BOSS_SCHEMA}.queue`),
      3_000,
    );
    if (rows[0]?.queues > 0) queue = 'ok';
  } catch {
    // reported as unavailable below
  }
  return { status: database === 'ok' && queue === 'ok' ? 'ok' : 'unavailable', database, queue };
}
