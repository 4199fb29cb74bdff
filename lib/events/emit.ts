import 'server-only';
import type pg from 'pg';
import { withTransaction } from '../db-transaction';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { AppError } from '../errors';
import { zodIssues } from '../http/zod-issues';
import { createId } from '../ids';
import { enqueueDeliveries } from '../queue/delivery-jobs';
import { env } from '../env';
import { getEventType } from './catalog/definitions';
import { subscriptionEntriesFor, type EventGroup } from './catalog/names';
import { deriveResourceId } from './derive-resource-id';

export type EmitInput = {
  organizationId: string;
  type: string;
  data: unknown;
  formId?: string | null;
  resourceId?: string | null;
  test?: boolean;
  /** Deliver to this webhook only, whatever its filters and status (ping, Send a Test). */
  onlyWebhookId?: string;
  /** Deliveries sharing it go one at a time, in order, to webhooks with ordering "key". */
  orderingKey?: string | null;
};

export type EmitResult = { eventId: string; deliveries: { id: string; webhookId: string }[] };

export function validateEventData(type: string, data: unknown): Record<string, unknown> {
  const definition = getEventType(type);
  if (!definition) {
    throw new AppError('validation_failed', `Unknown event type "${type}"`, {
      issues: [{ path: 'type', message: `Unknown event type "${type}"; GET /api/v1/event-types lists them` }],
    });
  }
  const parsed = definition.schema.safeParse(data);
  if (!parsed.success) {
    throw new AppError('validation_failed', `The data does not match the "${type}" event`, {
      issues: zodIssues(parsed.error).map((issue) => ({ ...issue, path: issue.path ? `data.${issue.path}` : 'data' })),
    });
  }
  return parsed.data as Record<string, unknown>;
}

// Webhooks of the organization itself, or of an ancestor that asked for its
// sub-organizations' events; subscribed to the type, its group's pattern (`donation.*`) or
// `*` (neither of the last two selects a ping); limited to the event's form when not
// "every page"; limited to one resource when set. PAUSED and DISABLED webhooks match too:
// their deliveries are HELD (docs/delivery-semantics.md#held-deliveries).
const MATCH_WEBHOOKS = `
  with recursive ancestors as (
    select id, "parentId", 0 as depth from "Organization" where id = $1
    union all
    select o.id, o."parentId", a.depth + 1 from "Organization" o join ancestors a on o.id = a."parentId" where a.depth < 32
  )
  select w.id, w.status, w.ordering from "Webhook" w
  where (w."organizationId" = $1 or (w."includeSubOrganizations" and w."organizationId" in (select id from ancestors where depth > 0)))
    and ($2 = any(w.events) or ($2 <> 'ping' and ('*' = any(w.events) or $5 = any(w.events))))
    and (w."allForms" or $3::text is null or $3 = any(w."formIds"))
    and (w."resourceId" is null or w."resourceId" = $4)
  order by w.id`;

type MatchedWebhook = { id: string; status: 'ACTIVE' | 'PAUSED' | 'DISABLED'; ordering: 'none' | 'key' };

/**
 * The webhooks an event of `type` (in catalog group `group`) goes to. The group is a
 * parameter, so a `group.*` subscription selects whatever the catalog puts in its group.
 */
export async function matchWebhooks(
  client: pg.PoolClient,
  input: { organizationId: string; type: string; group: EventGroup; formId: string | null; resourceId: string | null },
): Promise<MatchedWebhook[]> {
  const [, pattern] = subscriptionEntriesFor(input.type, input.group);
  const { rows } = await client.query<MatchedWebhook>(MATCH_WEBHOOKS, [input.organizationId, input.type, input.formId, input.resourceId, pattern]);
  return rows;
}

/**
 * Which of the matched PAUSED or DISABLED webhooks may hold one more delivery: those under
 * TIDINGS_MAX_HELD_PER_WEBHOOK. The others count the event as not held (heldOverflowCount,
 * shown on the webhook). Concurrent events may pass the cap by a few: it bounds storage,
 * it is not a quota.
 */
async function webhooksWithRoomToHold(client: pg.PoolClient, webhookIds: string[]): Promise<Set<string>> {
  if (webhookIds.length === 0) return new Set();
  const cap = env().TIDINGS_MAX_HELD_PER_WEBHOOK;
  const { rows } = await client.query<{ id: string; full: boolean }>(
    `select w.id, (select count(*) from (select 1 from "Delivery" d where d."webhookId" = w.id and d.status = 'HELD' limit $2) held) >= $2 as full
     from unnest($1::text[]) as w(id)`,
    [webhookIds, cap],
  );
  const full = rows.filter((row) => row.full).map((row) => row.id);
  if (full.length > 0) {
    await client.query(
      `update "Webhook" set "heldOverflowCount" = "heldOverflowCount" + 1, "heldOverflowAt" = now() where id = any($1::text[])`,
      [full],
    );
  }
  return new Set(rows.filter((row) => !row.full).map((row) => row.id));
}

/**
 * Accepts one event: validates it against the catalog, stores it, matches webhooks and
 * creates one delivery per match, all in one transaction: a queued job for each active
 * webhook, a HELD delivery for each paused or disabled one. When this returns, nothing of
 * it can be lost.
 */
export async function emitEvent(input: EmitInput, transaction?: pg.PoolClient): Promise<EmitResult> {
  const data = validateEventData(input.type, input.data);
  const group = getEventType(input.type)!.group;
  const eventId = createId('evt');
  const trigger: DeliveryTrigger = input.test ? 'test' : 'initial';
  const orderingKey = input.orderingKey ?? null;

  // Inside the caller's transaction when given one (idempotent intake), else in our own.
  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => (transaction ? work(transaction) : withTransaction(work));
  return inTransaction(async (client) => {
    // Platforms know their forms by their own ids; registered forms are matched by either.
    let formId = input.formId ?? null;
    if (formId) {
      const { rows } = await client.query<{ id: string }>(
        `select id from "Form" where "organizationId" = $1 and (id = $2 or "externalId" = $2) limit 1`,
        [input.organizationId, formId],
      );
      formId = rows[0]?.id ?? formId;
    }
    // Taken from the data when the platform sent none, so a webhook's resource filter and the
    // resource a body names (Kajabi `id`) are always the same value.
    const resourceId = input.resourceId ?? deriveResourceId(input.type, data);
    await client.query(
      `insert into "Event" (id, "organizationId", type, "formId", "resourceId", data, test, "orderingKey") values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [eventId, input.organizationId, input.type, formId, resourceId, JSON.stringify(data), input.test ?? false, orderingKey],
    );

    // A ping or a Send a Test goes to its one webhook whatever its status: never held.
    let matched: MatchedWebhook[] = input.onlyWebhookId
      ? [{ id: input.onlyWebhookId, status: 'ACTIVE', ordering: 'none' }]
      : await matchWebhooks(client, { organizationId: input.organizationId, type: input.type, group, formId, resourceId });
    const off = matched.filter((webhook) => webhook.status !== 'ACTIVE').map((webhook) => webhook.id);
    if (off.length > 0) {
      const room = await webhooksWithRoomToHold(client, off);
      matched = matched.filter((webhook) => webhook.status === 'ACTIVE' || room.has(webhook.id));
    }
    if (matched.length === 0) return { eventId, deliveries: [] };

    const deliveries = matched.map((webhook) => ({
      id: createId('msg'),
      webhookId: webhook.id,
      status: webhook.status === 'ACTIVE' ? ('PENDING' as const) : ('HELD' as const),
      ordered: orderingKey !== null && webhook.ordering === 'key',
    }));
    // The delivery belongs to the webhook's organization (a parent, for sub-organization events).
    // It copies the webhook settings that shape its body (format, name, app key): a delivery
    // is an immutable message, later edits to the webhook change future deliveries only.
    await client.query(
      `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", test, status, format, "webhookName", "appKey")
       select d.id, w."organizationId", w.id, $3, $4, $5, d.status::"DeliveryStatus", w.format, w.name, w."appKey"
       from unnest($1::text[], $2::text[], $6::text[]) as d(id, "webhookId", status) join "Webhook" w on w.id = d."webhookId"`,
      [
        deliveries.map((delivery) => delivery.id),
        deliveries.map((delivery) => delivery.webhookId),
        eventId,
        input.type,
        input.test ?? false,
        deliveries.map((delivery) => delivery.status),
      ],
    );
    const ordered = deliveries.filter((delivery) => delivery.ordered);
    if (ordered.length > 0) {
      await client.query(
        `insert into "OrderedDelivery" ("deliveryId", "webhookId", "orderingKey") select id, "webhookId", $3 from unnest($1::text[], $2::text[]) as d(id, "webhookId")`,
        [ordered.map((delivery) => delivery.id), ordered.map((delivery) => delivery.webhookId), orderingKey],
      );
    }
    await enqueueDeliveries(
      client,
      deliveries
        .filter((delivery) => delivery.status === 'PENDING')
        .map((delivery) => ({ deliveryId: delivery.id, webhookId: delivery.webhookId, trigger })),
    );
    return { eventId, deliveries: deliveries.map(({ id, webhookId }) => ({ id, webhookId })) };
  });
}
