import 'server-only';
// Raw pg: the search builds its WHERE from the filters given and joins the event only when
// a filter needs it, so every combination keeps to one indexed plan (docs/architecture.md#delivery-search).
import { pool } from '../db';
import { AppError } from '../errors';
import { decodeCursor, pageOf } from '../http/cursor';
import { missingEventScopes } from '../auth/event-scopes';
import { assertEventScopes } from '../auth/assert-event-scopes';
import { EVENT_TYPE_NAME_LIST } from '../events/catalog/names';
import type { Scope } from '../auth/scopes';
import { idFloorAt } from '../stats/id-floor';
import { expandEventPattern, type ListDeliveriesQuery } from './delivery-search-schema';
import { serializeDelivery, type DeliveryRow } from './serialize-delivery';

export { DELIVERY_STATUSES, ZListDeliveriesQuery, type ListDeliveriesQuery } from './delivery-search-schema';

/**
 * The catalog types whose data `scopes` may read; null when they cover every type (no
 * restriction needed). Reading a delivery reads its event's data, so lists show only
 * what the caller's event scopes cover (docs/security-model.md#least-privilege).
 */
export function readableEventTypes(scopes: readonly Scope[]): string[] | null {
  const readable = EVENT_TYPE_NAME_LIST.filter((type) => missingEventScopes(scopes, [type]).length === 0);
  return readable.length === EVENT_TYPE_NAME_LIST.length ? null : readable;
}

/**
 * The payload's words, as the full-text index "Event_data_search_idx" holds them (the
 * expression must stay identical to the migration's for the index to answer).
 */
const PAYLOAD_WORDS = `jsonb_to_tsvector('simple'::regconfig, e.data, '["string", "numeric"]'::jsonb)`;

/**
 * Every word of the search text as a prefix (`jane:* & doe@exa:*`), parsed by PostgreSQL's
 * own parser, so no character of it is an operator: `%`, `&`, `!` or quotes mean nothing.
 */
const searchQuery = (parameter: string) => `regexp_replace(plainto_tsquery('simple'::regconfig, ${parameter})::text, '''(\\s|$)', ''':*\\1', 'g')::tsquery`;

type ListedRow = DeliveryRow & { webhookName: string; webhookUrl: string };

/**
 * Recent Deliveries and delivery search, newest first, by keyset on the time-sortable id:
 * every page costs the same however deep it is. Filters combine (AND); the event's form,
 * resource and payload text are matched through the event row, the rest on the delivery.
 */
type ListDeliveriesInput = {
  organizationId: string;
  webhookId?: string;
  query: ListDeliveriesQuery;
  /** The caller's scopes: rows of event types they may not read are left out. */
  scopes: readonly Scope[];
};

export async function listDeliveries(input: ListDeliveriesInput) {
  const { query } = input;
  const { text, values } = await deliveryListStatement(input);
  const { rows } = await pool()
    .query<ListedRow>(text, values)
    .catch((error: unknown) => {
      // A search PostgreSQL cannot compare (text it cannot encode) finds nothing rather than failing.
      if (error instanceof Error && /invalid byte sequence|character with byte sequence/.test(error.message)) {
        throw new AppError('validation_failed', 'The query string is not valid', { issues: [{ path: 'q', message: 'Use printable text' }] });
      }
      throw error;
    });
  const { rows: page, nextCursor } = pageOf(rows, query.limit);
  const durations = await lastAttemptDurations(page.map((row) => row.id));
  return {
    data: page.map(({ webhookName, webhookUrl, ...row }): DeliveryListItem => ({
      ...serializeDelivery(row),
      webhookName,
      webhookUrl,
      lastDurationMs: durations.get(row.id) ?? null,
    })),
    nextCursor,
  };
}

export type DeliveryListItem = ReturnType<typeof serializeDelivery> & {
  webhookName: string;
  webhookUrl: string;
  /** How long the latest attempt took; null before the first one. */
  lastDurationMs: number | null;
};

/** One page's latest attempts, read through the (deliveryId, attempt) unique index. */
async function lastAttemptDurations(deliveryIds: string[]): Promise<Map<string, number>> {
  if (deliveryIds.length === 0) return new Map();
  const { rows } = await pool().query<{ deliveryId: string; durationMs: number }>(
    `select distinct on ("deliveryId") "deliveryId", "durationMs" from "Attempt"
     where "deliveryId" = any($1::text[]) order by "deliveryId", attempt desc`,
    [deliveryIds],
  );
  return new Map(rows.map((row) => [row.deliveryId, row.durationMs]));
}

/**
 * The SQL of one page of listDeliveries (exported so the bench can EXPLAIN exactly what
 * the API runs). Looks up the form first when the search names one.
 */
export async function deliveryListStatement(input: ListDeliveriesInput): Promise<{ text: string; values: unknown[] }> {
  const { query } = input;
  const before = decodeCursor(query.cursor);
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [`d."organizationId" = ${param(input.organizationId)}`];
  const webhookId = input.webhookId ?? query.webhookId;
  if (webhookId) where.push(`d."webhookId" = ${param(webhookId)}`);
  if (query.status) where.push(`d.status = ${param(query.status)}::"DeliveryStatus"`);

  let types: string[] | null = null;
  if (query.event) {
    types = expandEventPattern(query.event);
    // Asking for a type by name that the key may not read is refused, naming the scope.
    assertEventScopes(input.scopes, types, 'to read deliveries of these events');
  }
  const readable = readableEventTypes(input.scopes);
  if (readable) types = (types ?? readable).filter((type) => readable.includes(type));
  if (types) where.push(types.length === 1 ? `d."eventType" = ${param(types[0])}` : `d."eventType" = any(${param(types)}::text[])`);

  // Ids sort by creation time: a time range is a range of the primary key's order.
  if (query.since) where.push(`d.id >= ${param(idFloorAt('msg', query.since))}`);
  if (query.until) where.push(`d.id < ${param(idFloorAt('msg', query.until))}`);
  if (before) where.push(`d.id < ${param(before)}`);

  const eventWhere: string[] = [];
  if (query.formId) {
    // A form is named by Tidings' id or the platform's own (as events name it, lib/events/emit.ts).
    const { rows } = await pool().query<{ id: string }>(
      `select id from "Form" where "organizationId" = $1 and (id = $2 or "externalId" = $2)`,
      [input.organizationId, query.formId],
    );
    eventWhere.push(`e."formId" = any(${param([query.formId, ...rows.map((row) => row.id)])}::text[])`);
  }
  if (query.resourceId) eventWhere.push(`e."resourceId" = ${param(query.resourceId)}`);
  if (query.q) eventWhere.push(`${PAYLOAD_WORDS} @@ ${searchQuery(param(query.q))}`);
  if (eventWhere.length > 0) {
    where.push(`exists (select 1 from "Event" e where e.id = d."eventId" and ${eventWhere.join(' and ')})`);
  }

  return {
    text: `select d.id, d."organizationId", d."webhookId", d."eventId", d."eventType", d.status, d.test, d."attemptCount",
              d."lastStatusCode", d."lastError", d."createdAt", d."lastAttemptAt", d."nextAttemptAt",
              w.name as "webhookName", w.url as "webhookUrl"
       from "Delivery" d join "Webhook" w on w.id = d."webhookId"
       where ${where.join(' and ')}
       order by d.id desc
       limit ${query.limit + 1}`,
    values,
  };
}
