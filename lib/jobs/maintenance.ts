import 'server-only';
import type { PgBoss } from 'pg-boss';
import { pruneAuditLog } from '../audit/prune-audit-log';
import { createPartitionsAhead, runRetention } from '../retention/manage-partitions';
import { withTransaction } from '../db-transaction';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import { env } from '../env';
import { logger } from '../log';
import { MAINTENANCE_QUEUE } from '../queue/queues';

/**
 * Hourly retention (lib/retention/manage-partitions.ts: daily partitions created a week ahead,
 * expired days dropped whole), audit log pruning, and a re-check of parked ordered deliveries. pg-boss keeps its own tables small through the queues'
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
    // Ordered deliveries parked behind one that can no longer wake them (dropped, say) re-check their key.
    const released = await withTransaction((client) => releaseParkedDeliveries(client));
    if (released > 0) logger().info({ released }, 'released parked ordered deliveries');
  });
}
