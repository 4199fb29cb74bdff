import 'server-only';
import type pg from 'pg';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import type { Scope } from '../auth/scopes';
import { assertEventScopes } from '../auth/assert-event-scopes';
import { pool } from '../db';
import { withTransaction } from '../db-transaction';
import { AppError } from '../errors';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import { enqueueDeliveries } from '../queue/delivery-jobs';
import { findWebhookRow } from './get-webhook';
import { assertDestinationAuthority } from './webhook-authority';

// docs/delivery-semantics.md#held-deliveries: events that match a PAUSED or DISABLED webhook
// are kept as HELD deliveries (at most TIDINGS_MAX_HELD_PER_WEBHOOK each, lib/events/emit.ts);
// resuming the webhook sends them, in their original order, or discards them.

/** How many deliveries each webhook holds, for the webhooks asked about (absent: none). */
export async function countHeldDeliveries(webhookIds: readonly string[]): Promise<Map<string, number>> {
  if (webhookIds.length === 0) return new Map();
  const { rows } = await pool().query<{ webhookId: string; held: number }>(
    `select "webhookId", count(*)::int as held from "Delivery" where "webhookId" = any($1::text[]) and status = 'HELD' group by "webhookId"`,
    [webhookIds],
  );
  return new Map(rows.map((row) => [row.webhookId, row.held]));
}

export async function countHeldDeliveriesOf(webhookId: string): Promise<number> {
  return (await countHeldDeliveries([webhookId])).get(webhookId) ?? 0;
}

/**
 * Sets the webhook ACTIVE (re-enabling a DISABLED one: reason and failure streak cleared)
 * and settles what it held: `send` queues every HELD delivery, oldest first, so they go out
 * in their original order; `discard` deletes them (their events stay), nothing is sent. Works on
 * an ACTIVE webhook too (held deliveries left from before). Resuming needs the event scopes of
 * the webhook's subscription (it starts the flow again); sending also needs those of every
 * held delivery's type, checked on the locked rows, and the destination must have been set by
 * someone who may read them (docs/security-model.md#one-rule).
 */
export async function resumeWebhook(input: { organizationId: string; webhookId: string; held: 'send' | 'discard'; scopes: readonly Scope[]; audit?: AuditSource }) {
  const current = await findWebhookRow(input);
  assertEventScopes(input.scopes, current.events, 'to resume a webhook that carries these events');
  return withTransaction(async (client) => {
    const result = await settleHeld(client);
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'webhook.resumed',
        target: { type: 'webhook', id: current.id },
        changes: { status: { before: current.status, after: 'ACTIVE' }, held: input.held, ...result },
      });
    }
    return result;
  });

  async function settleHeld(client: pg.PoolClient): Promise<{ sent: number; discarded: number }> {
    const { rowCount, rows: [webhook] } = await client.query<{ flowScopes: unknown }>(
      `update "Webhook" set status = 'ACTIVE', "updatedAt" = now(),
              "disabledReason" = null, "disabledAt" = null,
              "consecutiveFailures" = case when status = 'ACTIVE' then "consecutiveFailures" else 0 end,
              "failingSince" = case when status = 'ACTIVE' then "failingSince" else null end,
              "failingWarnedLevel" = case when status = 'ACTIVE' then "failingWarnedLevel" else 0 end
       where id = $1 and "organizationId" = $2
       returning "flowScopes"`,
      [current.id, input.organizationId],
    );
    if (rowCount === 0) throw new AppError('webhook_not_found', `No webhook "${input.webhookId}"`);
    if (input.held === 'discard') {
      const { rowCount: discarded } = await client.query(`delete from "Delivery" where "webhookId" = $1 and status = 'HELD'`, [current.id]);
      // "OrderedDelivery" has no foreign key into the partitioned "Delivery": its rows go by hand.
      await client.query(`delete from "OrderedDelivery" o where o."webhookId" = $1 and not exists (select 1 from "Delivery" d where d.id = o."deliveryId")`, [current.id]);
      // Ordered deliveries parked behind a discarded one would wait for nothing.
      await releaseParkedDeliveries(client, { webhookId: current.id });
      return { sent: 0, discarded: discarded ?? 0 };
    }
    // Ids sort by creation time: oldest first is the order the events were accepted.
    const { rows } = await client.query<{ id: string; attemptCount: number; eventType: string }>(
      `update "Delivery" d set status = 'PENDING', "nextAttemptAt" = now()
       from (select id from "Delivery" where "webhookId" = $1 and status = 'HELD' for update) held
       where d.id = held.id returning d.id, d."attemptCount", d."eventType"`,
      [current.id],
    );
    // What will actually be sent: a subscription changed since may not name these types.
    const types = [...new Set(rows.map((row) => row.eventType))];
    assertEventScopes(input.scopes, types, 'to send the deliveries this webhook held');
    assertDestinationAuthority(webhook.flowScopes, types, 'to send the deliveries this webhook held');
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // One held after a failed attempt (its webhook was paused while it retried) goes on as a retry.
    await enqueueDeliveries(
      client,
      rows.map((row) => ({ deliveryId: row.id, webhookId: current.id, trigger: row.attemptCount > 0 ? 'retry' : 'initial' })),
    );
    return { sent: rows.length, discarded: 0 };
  }
}
