import 'server-only';
import pg from 'pg';
import { env } from '../env';
import { logger } from '../log';
import { BOSS_SCHEMA } from '../queue/boss';
import { DELIVERY_QUEUE } from '../queue/queues';
import type { WorkerContext } from './worker-context';

export type JobListener = { stop: () => Promise<void> };

type ListenState = { client: pg.Client | null; retry: NodeJS.Timeout | null; failures: number };

/**
 * The listen stage: keeps one LISTEN session for pg-boss's new-job notifications and
 * wakes the fetch loop on each. When it drops (a database restart) or cannot connect, it
 * tries again with backoff for as long as the worker runs; polling delivers everything
 * meanwhile, NOTIFY only makes it faster. Resolves after the first try.
 */
export async function listenForJobs(context: WorkerContext): Promise<JobListener> {
  const state: ListenState = { client: null, retry: null, failures: 0 };
  await connect(context, state);
  return {
    stop: async () => {
      if (state.retry) clearTimeout(state.retry);
      await state.client?.end().catch(() => undefined);
    },
  };
}

async function connect(context: WorkerContext, state: ListenState): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: 'tidings-worker-listen' });
  let lost = false;
  const retry = () => {
    if (lost) return;
    lost = true;
    if (state.client === client) state.client = null;
    void client.end().catch(() => undefined);
    if (context.stopped.aborted) return;
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(state.failures, 5));
    state.failures += 1;
    state.retry = setTimeout(() => {
      state.retry = null;
      void connect(context, state);
    }, delay);
  };
  client.on('error', retry);
  client.on('end', retry);
  try {
    await client.connect();
    const { rows } = await client.query<{ channel: string }>(
      `select ('pgboss_' || left(encode(sha224($1::bytea), 'hex'), 24)) as channel`,
      [BOSS_SCHEMA],
    );
    client.on('notification', (message) => {
      if (message.payload === DELIVERY_QUEUE) context.wakeup.newJobs();
    });
    await client.query(`LISTEN "${rows[0].channel}"`);
    if (lost) return;
    state.client = client;
    if (state.failures > 0) logger().info({ failures: state.failures }, 'delivery worker is listening again');
    state.failures = 0;
    // Jobs queued while it was not listening sent their NOTIFY to nobody.
    context.wakeup.newJobs();
  } catch (error) {
    if (state.failures === 0) logger().warn({ err: error }, 'delivery worker could not LISTEN; polling until it can');
    retry();
  }
}
