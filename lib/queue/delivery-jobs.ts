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
  const boss = await publisherBoss(client);
  await boss.deleteJob(DELIVERY_QUEUE, jobIds, { db: bossDb(client) });
}
