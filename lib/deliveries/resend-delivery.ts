import 'server-only';
import { assertEventScopes } from '../auth/assert-event-scopes';
import { missingEventScopes } from '../auth/event-scopes';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import type { Scope } from '../auth/scopes';
import { withTransaction } from '../db-transaction';
import { AppError } from '../errors';
import { consumeRateLimit, LIMITS } from '../http/rate-limit';
import { enqueueDeliveries } from '../queue/delivery-jobs';
import { findWebhookRow } from '../webhooks/get-webhook';
import { assertDestinationAuthority, lockFlowAuthority } from '../webhooks/webhook-authority';

/**
 * Replay and resend share a low budget per organization (LIMITS.replayPerOrganization),
 * spent only by requests that passed every check: a 404 or a 403 costs nothing.
 */
function spendReplayBudget(organizationId: string): Promise<void> {
  return consumeRateLimit(LIMITS.replayPerOrganization, organizationId, 'This organization replayed or resent deliveries too often');
}

/**
 * A new attempt of the same delivery (same webhook-id), whatever its state, even after
 * FAILED. It goes to the webhook's current URL, so the caller needs the scopes of the
 * delivery's event type (docs/security-model.md#least-privilege), checked on the row it then updates.
 */
export async function resendDelivery(input: {
  organizationId: string;
  deliveryId: string;
  scopes: readonly Scope[];
  /** Only a delivery of this webhook (the consumer portal's one webhook); others are not found. */
  webhookId?: string;
  /** The consumer portal: a delivery its link may not read is not found, rather than forbidden. */
  unreadableIsNotFound?: boolean;
  audit?: AuditSource;
}) {
  return withTransaction(async (client) => {
    // The webhook row is locked for key share: a PATCH changing where it sends (which locks it for
    // update) waits, and then sees this delivery queued. Key share, not share: the worker takes
    // the row for no key update when it counts attempts, and must not wait for this.
    const { rows } = await client.query<{ id: string; webhookId: string; eventType: string; expunged: boolean; flowScopes: unknown }>(
      `select d.id, d."webhookId", d."eventType", e."expungedAt" is not null as expunged, w."flowScopes"
       from "Delivery" d join "Event" e on e.id = d."eventId" join "Webhook" w on w.id = d."webhookId"
       where d.id = $1 and d."organizationId" = $2 and ($3::text is null or d."webhookId" = $3) for update of d for key share of w`,
      [input.deliveryId, input.organizationId, input.webhookId ?? null],
    );
    if (rows.length === 0) throw new AppError('delivery_not_found', `No delivery "${input.deliveryId}"`);
    const delivery = rows[0];
    if (input.unreadableIsNotFound && missingEventScopes(input.scopes, [delivery.eventType]).length > 0) {
      throw new AppError('delivery_not_found', `No delivery "${input.deliveryId}"`);
    }
    // Its data was erased on purpose (POST /events/expunge): there is nothing to send again.
    if (delivery.expunged) throw new AppError('conflict', 'This delivery’s event was expunged: its data is gone, so it cannot be resent');
    assertEventScopes(input.scopes, [delivery.eventType], 'to resend this delivery');
    assertDestinationAuthority(delivery.flowScopes, [delivery.eventType], 'to resend this delivery');
    await spendReplayBudget(input.organizationId);
    await client.query(`update "Delivery" set status = 'PENDING', "nextAttemptAt" = now() where id = $1`, [delivery.id]);
    await enqueueDeliveries(client, [{ deliveryId: delivery.id, webhookId: delivery.webhookId, trigger: 'resend' }]);
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'delivery.resent',
        target: { type: 'delivery', id: delivery.id },
        changes: { webhookId: delivery.webhookId, eventType: delivery.eventType },
      });
    }
    return { deliveryId: delivery.id, status: 'PENDING' as const };
  });
}

export { ZReplayDeliveries, type ReplayDeliveriesInput } from './replay-schema';

const REPLAY_LIMIT = 10_000;

/**
 * "Replay failed since T": resends every delivery of the webhook in the range with that
 * status (at most REPLAY_LIMIT, oldest first). The rows are locked and their event types
 * checked against the caller's scopes before any is touched: exactly what will flow.
 */
export async function replayDeliveries(input: {
  organizationId: string;
  webhookId: string;
  since: Date;
  until?: Date;
  status: string;
  scopes: readonly Scope[];
  audit?: AuditSource;
}) {
  const webhook = await findWebhookRow(input);
  return withTransaction(async (client) => {
    const locked = await lockFlowAuthority(client, { webhookId: webhook.id, organizationId: input.organizationId });
    if (!locked) throw new AppError('webhook_not_found', `No webhook "${input.webhookId}"`);
    const { rows } = await client.query<{ id: string; eventType: string }>(
      `select id, "eventType" from "Delivery"
       where "webhookId" = $1 and status = $2::"DeliveryStatus" and "createdAt" >= $3 and ($4::timestamptz is null or "createdAt" < $4)
         and not exists (select 1 from "Event" e where e.id = "Delivery"."eventId" and e."expungedAt" is not null)
       order by id limit ${REPLAY_LIMIT}
       for update`,
      [webhook.id, input.status, input.since, input.until ?? null],
    );
    const types = [...new Set(rows.map((row) => row.eventType))];
    assertEventScopes(input.scopes, types, 'to replay these deliveries');
    assertDestinationAuthority(locked.flowScopes, types, 'to replay these deliveries');
    await spendReplayBudget(input.organizationId);
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) {
      await client.query(`update "Delivery" set status = 'PENDING', "nextAttemptAt" = now() where id = any($1::text[])`, [ids]);
    }
    await enqueueDeliveries(client, ids.map((id) => ({ deliveryId: id, webhookId: webhook.id, trigger: 'resend' as const })));
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'webhook.replayed',
        target: { type: 'webhook', id: webhook.id },
        changes: { since: input.since.toISOString(), until: input.until?.toISOString() ?? null, status: input.status, count: ids.length },
      });
    }
    return { count: ids.length };
  });
}
