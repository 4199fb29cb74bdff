import 'server-only';
import type { PgBoss } from 'pg-boss';
import { pruneAuditLog } from '../audit/prune-audit-log';
import { pruneDeliveries } from '../deliveries/prune-deliveries';
import { env } from '../env';
import { logger } from '../log';
import { MAINTENANCE_QUEUE } from '../queue/queues';

/**
 * Hourly retention pruning. pg-boss keeps its own tables small through the queues'
 * `deleteAfterSeconds` and its maintenance, which the worker's boss runs.
 */
export async function registerMaintenance(boss: PgBoss): Promise<void> {
  await boss.schedule(MAINTENANCE_QUEUE, '17 * * * *', { task: 'prune' });
  await boss.work(MAINTENANCE_QUEUE, async () => {
    const pruned = await pruneDeliveries({ retentionDays: env().TIDINGS_RETENTION_DAYS });
    logger().info(pruned, 'pruned deliveries past retention');
    const audit = await pruneAuditLog({ retentionDays: env().TIDINGS_AUDIT_RETENTION_DAYS });
    logger().info(audit, 'pruned audit rows past TIDINGS_AUDIT_RETENTION_DAYS');
  });
}
