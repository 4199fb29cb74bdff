import 'server-only';
import type { PgBoss } from 'pg-boss';
import { withTransaction } from '../db-transaction';
import { pruneDeliveries } from '../deliveries/prune-deliveries';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import { env } from '../env';
import { logger } from '../log';
import { MAINTENANCE_QUEUE } from '../queue/queues';

/**
 * Hourly retention pruning, and a re-check of parked ordered deliveries. pg-boss keeps its own tables small through the queues'
 * `deleteAfterSeconds` and its maintenance, which the worker's boss runs.
 */
export async function registerMaintenance(boss: PgBoss): Promise<void> {
  await boss.schedule(MAINTENANCE_QUEUE, '17 * * * *', { task: 'prune' });
  await boss.work(MAINTENANCE_QUEUE, async () => {
    const pruned = await pruneDeliveries({ retentionDays: env().TIDINGS_RETENTION_DAYS });
    logger().info(pruned, 'pruned deliveries past retention');
    // Ordered deliveries parked behind one that can no longer wake them (pruned, say) re-check their key.
    const released = await withTransaction((client) => releaseParkedDeliveries(client));
    if (released > 0) logger().info({ released }, 'released parked ordered deliveries');
  });
}
