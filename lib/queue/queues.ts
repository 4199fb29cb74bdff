import 'server-only';
import type { PgBoss } from 'pg-boss';

export const DELIVERY_QUEUE = 'deliveries';
export const MAINTENANCE_QUEUE = 'maintenance';

// Every queue Tidings uses, with its options; created with the migrations.
const QUEUES = [
  {
    name: DELIVERY_QUEUE,
    options: {
      notify: true,
      // One job is one attempt; Tidings schedules retries itself (per the webhook's
      // policy). pg-boss's own retry only re-runs a job whose worker died: the worker
      // heartbeats the jobs it holds, so a dead worker's jobs come back within seconds.
      retryLimit: 1000,
      retryDelay: 1,
      heartbeatSeconds: 10,
      expireInSeconds: 900,
      deleteAfterSeconds: 3600,
    },
  },
  { name: MAINTENANCE_QUEUE, options: { retryLimit: 3, retryDelay: 60, deleteAfterSeconds: 86_400 } },
] as const;

export async function createQueues(boss: PgBoss): Promise<void> {
  for (const queue of QUEUES) {
    const existing = await boss.getQueue(queue.name);
    if (existing) await boss.updateQueue(queue.name, queue.options);
    else await boss.createQueue(queue.name, queue.options);
  }
}
