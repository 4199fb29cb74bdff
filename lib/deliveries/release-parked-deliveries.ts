import 'server-only';
import type pg from 'pg';
import { enqueueDeliveries } from '../queue/delivery-jobs';

/**
 * Gives parked ordered deliveries (docs/delivery-semantics.md#ordered-delivery) a job again:
 * each re-checks its key when it runs and parks again if an earlier delivery is still
 * unsettled, so releasing one too many is harmless. Used when the webhook stops ordering,
 * when it is resumed (held deliveries it waited for may have been discarded), and by the
 * hourly maintenance for any a lost wake-up left behind. `webhookId` limits it to one webhook.
 */
export async function releaseParkedDeliveries(client: pg.PoolClient, input: { webhookId?: string } = {}): Promise<number> {
  const { rows } = await client.query<{ deliveryId: string; webhookId: string; attemptCount: number }>(
    `update "OrderedDelivery" o set parked = false from "Delivery" d
     where o.parked and ($1::text is null or o."webhookId" = $1) and d.id = o."deliveryId"
     returning o."deliveryId", o."webhookId", d."attemptCount"`,
    [input.webhookId ?? null],
  );
  await enqueueDeliveries(
    client,
    rows.map((row) => ({ deliveryId: row.deliveryId, webhookId: row.webhookId, trigger: row.attemptCount > 0 ? 'retry' : 'initial' })),
  );
  return rows.length;
}
