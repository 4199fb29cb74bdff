import 'server-only';
import type { PgBoss } from 'pg-boss';
import { pruneAuditLog } from '../audit/prune-audit-log';
import { createPartitionsAhead, runRetention } from '../retention/manage-partitions';
import { env } from '../env';
import { logger } from '../log';
import { MAINTENANCE_QUEUE } from '../queue/queues';

/**
 * Hourly retention (lib/retention/manage-partitions.ts: daily partitions created a week ahead,
 * expired days dropped whole) and audit log pruning. pg-boss keeps its own tables small through the queues'
 * `deleteAfterSeconds` and its maintenance, which the worker's boss runs.
 */
export async function registerMaintenance(boss: PgBoss): Promise<void> {
  // A worker that was stopped for days creates the days it missed before taking work (rows
  // without their day's partition are not lost: they land in the DEFAULT partition).
  await createPartitionsAhead().catch((error: unknown) => logger().warn({ err: error }, 'could not create the partitions ahead; retrying hourly'));
  await boss.schedule(MAINTENANCE_QUEUE, '17 * * * *', { task: 'prune' });
  await boss.work(MAINTENANCE_QUEUE, async () => {
    const retention = await runRetention({ retentionDays: env().TIDINGS_RETENTION_DAYS });
    logger().info(retention, 'retention: partitions created ahead and days past TIDINGS_RETENTION_DAYS dropped');
    const audit = await pruneAuditLog({ retentionDays: env().TIDINGS_AUDIT_RETENTION_DAYS });
    logger().info(audit, 'pruned audit rows past TIDINGS_AUDIT_RETENTION_DAYS');
  });
}
