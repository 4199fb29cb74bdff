import 'server-only';
import type pg from 'pg';
import { withTransaction } from '../db-transaction';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { AppError } from '../errors';
import { zodIssues } from '../http/zod-issues';
import { createId } from '../ids';
import { enqueueDeliveries } from '../queue/delivery-jobs';
import { getEventType } from './catalog/definitions';
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
// sub-organizations' events; subscribed to the type (or `*`, which excludes ping);
// limited to the event's form when not "every page"; limited to one resource when set.
const MATCH_WEBHOOKS = `
  with recursive ancestors as (
    select id, "parentId", 0 as depth from "Organization" where id = $1
    union all
    select o.id, o."parentId", a.depth + 1 from "Organization" o join ancestors a on o.id = a."parentId" where a.depth < 32
  )
  select w.id from "Webhook" w
  where w.status = 'ACTIVE'
    and (w."organizationId" = $1 or (w."includeSubOrganizations" and w."organizationId" in (select id from ancestors where depth > 0)))
    and ($2 = any(w.events) or ('*' = any(w.events) and $2 <> 'ping'))
    and (w."allForms" or $3::text is null or $3 = any(w."formIds"))
    and (w."resourceId" is null or w."resourceId" = $4)
  order by w.id`;

/**
 * Accepts one event: validates it against the catalog, stores it, matches webhooks and
 * creates one delivery and one queued job per match, all in one transaction. When this
 * returns, nothing of it can be lost.
 */
export async function emitEvent(input: EmitInput, transaction?: pg.PoolClient): Promise<EmitResult> {
  const data = validateEventData(input.type, input.data);
  const eventId = createId('evt');
  const trigger: DeliveryTrigger = input.test ? 'test' : 'initial';

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
      `insert into "Event" (id, "organizationId", type, "formId", "resourceId", data, test) values ($1, $2, $3, $4, $5, $6, $7)`,
      [eventId, input.organizationId, input.type, formId, resourceId, JSON.stringify(data), input.test ?? false],
    );

    const webhookIds = input.onlyWebhookId
      ? [input.onlyWebhookId]
      : (await client.query<{ id: string }>(MATCH_WEBHOOKS, [input.organizationId, input.type, formId, resourceId])).rows.map((row) => row.id);
    if (webhookIds.length === 0) return { eventId, deliveries: [] };

    const deliveries = webhookIds.map((webhookId) => ({ id: createId('msg'), webhookId }));
    // The delivery belongs to the webhook's organization (a parent, for sub-organization events).
    // It copies the webhook settings that shape its body (format, name, app key): a delivery
    // is an immutable message, later edits to the webhook change future deliveries only.
    await client.query(
      `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", test, status, format, "webhookName", "appKey")
       select d.id, w."organizationId", w.id, $3, $4, $5, 'PENDING', w.format, w.name, w."appKey"
       from unnest($1::text[], $2::text[]) as d(id, "webhookId") join "Webhook" w on w.id = d."webhookId"`,
      [deliveries.map((delivery) => delivery.id), deliveries.map((delivery) => delivery.webhookId), eventId, input.type, input.test ?? false],
    );
    await enqueueDeliveries(
      client,
      deliveries.map((delivery) => ({ deliveryId: delivery.id, webhookId: delivery.webhookId, trigger })),
    );
    return { eventId, deliveries };
  });
}
