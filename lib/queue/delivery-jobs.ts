import 'server-only';
import type pg from 'pg';
import { bossDb, publisherBoss } from './boss';
import { DELIVERY_QUEUE } from './queues';

// The delivery queue as the domain sees it: jobs go in with the rows they deliver and
// leave with the attempt that settles them, both inside the caller's transaction. What a
// trigger means is the domain's (lib/deliveries/delivery-trigger.ts); the queue carries it.

/** A delivery job's payload, as stored in pg-boss. */
export type DeliveryJobData<Trigger extends string = string> = { deliveryId: string; trigger: Trigger };

export type DeliveryJob<Trigger extends string = string> = {
  deliveryId: string;
  webhookId: string;
  trigger: Trigger;
  startAfter?: Date;
};

/**
 * Enqueues delivery attempts inside the caller's transaction: the jobs exist exactly when
 * the rows do. Grouped by webhook, so the worker can leave a webhook at its cap out of a fetch.
 */
export async function enqueueDeliveries<Trigger extends string>(client: pg.PoolClient, jobs: DeliveryJob<Trigger>[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await publisherBoss(client);
  await boss.insert(
    DELIVERY_QUEUE,
    jobs.map((job) => ({
      data: { deliveryId: job.deliveryId, trigger: job.trigger } satisfies DeliveryJobData<Trigger>,
      group: { id: job.webhookId },
      startAfter: job.startAfter,
    })),
    { db: bossDb(client) },
  );
}

/**
 * Removes settled jobs inside the transaction that records their outcome. Deleted, not
 * marked completed: the attempt log is the history, and a delete writes no new row
 * versions or index entries.
 */
export async function settleDeliveryJobs(client: pg.PoolClient, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  const boss = await publisherBoss(client);
  // As for the worker's fetch (boss.ts): with statistics from before a burst, the planner
  // estimates the queue at a few rows and deletes through a bitmap scan of the whole
  // queue, filtering it by id: O(backlog) per batch (17 ms for 170 jobs at 20,000 queued,
  // bench/drain.ts with BENCH_PG_STATS=1). Without bitmap scans it looks each id up in the
  // primary key. Only for this statement: the setting is put back after it.
  const { rows } = await client.query<{ previous: string }>(
    `select current_setting('enable_bitmapscan') as previous, set_config('enable_bitmapscan', 'off', true)`,
  );
  await boss.deleteJob(DELIVERY_QUEUE, jobIds, { db: bossDb(client) });
  await client.query(`select set_config('enable_bitmapscan', $1, true)`, [rows[0].previous]);
}
