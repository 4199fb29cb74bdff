import 'server-only';
import { withTransaction } from '../db-transaction';
import { AppError } from '../http/app-error';
import { enqueueDeliveryJobs } from '../jobs/delivery-job';
import { findWebhookRow } from '../webhooks/get-webhook';

/** A new attempt of the same delivery (same webhook-id), whatever its state, even after FAILED. */
export async function resendDelivery(input: { organizationId: string; deliveryId: string }) {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; webhookId: string }>(
      `update "Delivery" set status = 'PENDING', "nextAttemptAt" = now()
       where id = $1 and "organizationId" = $2 returning id, "webhookId"`,
      [input.deliveryId, input.organizationId],
    );
    if (rows.length === 0) throw new AppError('delivery_not_found', `No delivery "${input.deliveryId}"`);
    await enqueueDeliveryJobs(client, [{ deliveryId: rows[0].id, webhookId: rows[0].webhookId, trigger: 'resend' }]);
    return { deliveryId: rows[0].id, status: 'PENDING' as const };
  });
}

export { ZReplayDeliveries, type ReplayDeliveriesInput } from './replay-schema';

const REPLAY_LIMIT = 10_000;

/** "Replay failed since T": resends every delivery of the webhook in the range with that status. */
export async function replayDeliveries(input: { organizationId: string; webhookId: string; since: Date; until?: Date; status: string }) {
  const webhook = await findWebhookRow(input);
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `update "Delivery" set status = 'PENDING', "nextAttemptAt" = now()
       where id in (
         select id from "Delivery"
         where "webhookId" = $1 and status = $2::"DeliveryStatus" and "createdAt" >= $3 and ($4::timestamptz is null or "createdAt" < $4)
         order by id limit ${REPLAY_LIMIT})
       returning id`,
      [webhook.id, input.status, input.since, input.until ?? null],
    );
    await enqueueDeliveryJobs(client, rows.map((row) => ({ deliveryId: row.id, webhookId: webhook.id, trigger: 'resend' as const })));
    return { count: rows.length };
  });
}
