import 'server-only';
import type pg from 'pg';
import { bossDb, publisherBoss } from './boss';
import { DELIVERY_QUEUE } from './queues';

export type DeliveryTrigger = 'initial' | 'retry' | 'resend' | 'test';

export type DeliveryJobData = { deliveryId: string; trigger: DeliveryTrigger };

export type DeliveryJob = { deliveryId: string; webhookId: string; trigger: DeliveryTrigger; startAfter?: Date };

/** Enqueues delivery attempts inside the caller's transaction: the jobs exist exactly when the rows do. */
export async function enqueueDeliveryJobs(client: pg.PoolClient, jobs: DeliveryJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await publisherBoss();
  await boss.insert(
    DELIVERY_QUEUE,
    jobs.map((job) => ({
      data: { deliveryId: job.deliveryId, trigger: job.trigger } satisfies DeliveryJobData,
      group: { id: job.webhookId },
      startAfter: job.startAfter,
    })),
    { db: bossDb(client) },
  );
}
