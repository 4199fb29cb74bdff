import 'server-only';
import type pg from 'pg';
import { withTransaction } from '../db-transaction';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { AppError, type FieldIssue } from '../errors';
import { zodIssues } from '../http/zod-issues';
import { createId } from '../ids';
import { enqueueDeliveries } from '../queue/delivery-jobs';
import { env } from '../env';
import { missingForFormats } from '../formats/required-data';
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

/** An event a matched webhook's format cannot carry: a 400 naming the field and the format; `eventIndex` says which of the emitted events. */
export class EventRefusedByFormat extends AppError {
  constructor(
    readonly eventIndex: number,
    issues: FieldIssue[],
  ) {
    super('validation_failed', 'A webhook that receives this event needs a field it lacks', { issues });
  }
}

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

// Webhooks of the event's organization itself, or of an ancestor that asked for its
// sub-organizations' events; subscribed to the type, its group's pattern (`donation.*`) or
// `*` (neither of the last two selects a ping); limited to the event's form when not
// "every page"; limited to one resource when set. PAUSED and DISABLED webhooks match too:
// their deliveries are HELD (docs/delivery-semantics.md#held-deliveries). Several events,
// of one organization or several (a batch, a group commit), are matched in one statement,
// each row saying which event.
const MATCH_WEBHOOKS = `
  with recursive ancestors as (
    select id as origin, id, "parentId", 0 as depth from "Organization" where id = any($1::text[])
    union all
    select a.origin, o.id, o."parentId", a.depth + 1 from "Organization" o join ancestors a on o.id = a."parentId" where a.depth < 32
  ),
  owners as (select origin, id, min(depth) as depth from ancestors group by origin, id)
  select e.index, w.id, w.status, w.ordering, w.format::text as format
  from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) as e("organizationId", index, type, pattern, "formId", "resourceId")
  join owners a on a.origin = e."organizationId"
  join "Webhook" w
    on w."organizationId" = a.id and (a.depth = 0 or w."includeSubOrganizations")
    and (e.type = any(w.events) or (e.type <> 'ping' and ('*' = any(w.events) or e.pattern = any(w.events))))
    and (w."allForms" or e."formId" is null or e."formId" = any(w."formIds"))
    and (w."resourceId" is null or w."resourceId" = e."resourceId")
  order by e.index, w.id`;

type MatchedWebhook = { id: string; status: 'ACTIVE' | 'PAUSED' | 'DISABLED'; ordering: 'none' | 'key'; format: string };

type MatchInput = { organizationId: string; type: string; group: EventGroup; formId: string | null; resourceId: string | null };

/** The webhooks each of several events goes to, in the events' order. */
async function matchWebhooksForEvents(client: pg.PoolClient, events: MatchInput[]): Promise<MatchedWebhook[][]> {
  const matched: MatchedWebhook[][] = events.map(() => []);
  if (events.length === 0) return matched;
  const { rows } = await client.query<MatchedWebhook & { index: number }>(MATCH_WEBHOOKS, [
    events.map((event) => event.organizationId),
    events.map((_event, index) => index),
    events.map((event) => event.type),
    events.map((event) => subscriptionEntriesFor(event.type, event.group)[1]),
    events.map((event) => event.formId),
    events.map((event) => event.resourceId),
  ]);
  for (const { index, ...webhook } of rows) matched[index].push(webhook);
  return matched;
}

/**
 * The webhooks an event of `type` (in catalog group `group`) goes to. The group is a
 * parameter, so a `group.*` subscription selects whatever the catalog puts in its group.
 */
export async function matchWebhooks(client: pg.PoolClient, input: MatchInput): Promise<MatchedWebhook[]> {
  return (await matchWebhooksForEvents(client, [input]))[0];
}

/**
 * How many more deliveries each of the matched PAUSED or DISABLED webhooks may hold: what
 * is left under TIDINGS_MAX_HELD_PER_WEBHOOK. Events past it count as not held
 * (heldOverflowCount, shown on the webhook). Concurrent events may pass the cap by a few:
 * it bounds storage, it is not a quota.
 */
async function roomToHold(client: pg.PoolClient, webhookIds: string[]): Promise<Map<string, number>> {
  if (webhookIds.length === 0) return new Map();
  const cap = env().TIDINGS_MAX_HELD_PER_WEBHOOK;
  const { rows } = await client.query<{ id: string; held: number }>(
    `select w.id, (select count(*) from (select 1 from "Delivery" d where d."webhookId" = w.id and d.status = 'HELD' limit $2) held)::int as held
     from unnest($1::text[]) as w(id)`,
    [webhookIds, cap],
  );
  return new Map(rows.map((row) => [row.id, Math.max(0, cap - row.held)]));
}

async function countHeldOverflow(client: pg.PoolClient, overflow: Map<string, number>): Promise<void> {
  if (overflow.size === 0) return;
  await client.query(
    `update "Webhook" w set "heldOverflowCount" = w."heldOverflowCount" + o.count, "heldOverflowAt" = now()
     from unnest($1::text[], $2::int[]) as o(id, count) where w.id = o.id`,
    [[...overflow.keys()], [...overflow.values()]],
  );
}

/**
 * Accepts one event: validates it against the catalog, stores it, matches webhooks and
 * creates one delivery per match, all in one transaction: a queued job for each active
 * webhook, a HELD delivery for each paused or disabled one. When this returns, nothing of
 * it can be lost.
 */
export async function emitEvent(input: EmitInput, transaction?: pg.PoolClient): Promise<EmitResult> {
  return (await emitEvents([input], transaction))[0];
}

/**
 * Accepts several events the way emitEvent accepts one, in one transaction (the caller's
 * when given) and a fixed number of statements whatever their count: POST /events/batch.
 * Every event is validated before anything is written; one invalid event throws and
 * stores nothing. Results come in the inputs' order, and so do the deliveries' ids, which
 * is the order ordered deliveries go in.
 */
export async function emitEvents(inputs: EmitInput[], transaction?: pg.PoolClient): Promise<EmitResult[]> {
  if (inputs.length === 0) return [];
  const events = inputs.map((input) => {
    const data = validateEventData(input.type, input.data);
    return {
      input,
      type: input.type,
      data,
      group: getEventType(input.type)!.group,
      eventId: createId('evt'),
      trigger: (input.test ? 'test' : 'initial') as DeliveryTrigger,
      orderingKey: input.orderingKey ?? null,
      formId: input.formId ?? null,
      // Taken from the data when the platform sent none, so a webhook's resource filter and the
      // resource a body names (Kajabi `id`) are always the same value.
      resourceId: input.resourceId ?? deriveResourceId(input.type, data),
    };
  });

  // Inside the caller's transaction when given one (idempotent intake), else in our own.
  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => (transaction ? work(transaction) : withTransaction(work));
  return inTransaction(async (client) => {
    // Platforms know their forms by their own ids; registered forms are matched by either.
    const withForm = events.filter((event) => event.formId !== null);
    if (withForm.length > 0) {
      const { rows } = await client.query<{ index: number; id: string }>(
        `select distinct on (e.index) e.index, f.id from unnest($1::int[], $2::text[], $3::text[]) as e(index, "organizationId", "formId")
         join "Form" f on f."organizationId" = e."organizationId" and (f.id = e."formId" or f."externalId" = e."formId")
         order by e.index, f.id`,
        [withForm.map((_event, index) => index), withForm.map((event) => event.input.organizationId), withForm.map((event) => event.formId)],
      );
      for (const row of rows) withForm[row.index].formId = row.id;
    }
    // A ping or a Send a Test goes to its one webhook whatever its status: never held.
    const matched: MatchedWebhook[][] = events.map((event) => (event.input.onlyWebhookId ? [{ id: event.input.onlyWebhookId, status: 'ACTIVE', ordering: 'none', format: '' }] : []));
    const toMatch = events.flatMap((event, index) => (event.input.onlyWebhookId ? [] : [index]));
    const found = await matchWebhooksForEvents(
      client,
      toMatch.map((index) => ({ ...events[index], organizationId: events[index].input.organizationId })),
    );
    toMatch.forEach((eventIndex, position) => (matched[eventIndex] = found[position]));

    // Before anything is written: an event that a matched webhook's format cannot carry is
    // refused (lib/formats/required-data.ts). A ping or a Send a Test carries a sample that can.
    events.forEach((event, index) => {
      if (event.input.onlyWebhookId) return;
      const issues = missingForFormats(event.type, event.data, matched[index].map((webhook) => webhook.format));
      if (issues.length > 0) throw new EventRefusedByFormat(index, issues);
    });

    await client.query(
      `insert into "Event" (id, "organizationId", type, "formId", "resourceId", data, test, "orderingKey")
       select id, "organizationId", type, "formId", "resourceId", data::jsonb, test, "orderingKey"
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[]) with ordinality
         as e(id, "organizationId", type, "formId", "resourceId", data, test, "orderingKey", position)
       order by position`,
      [
        events.map((event) => event.eventId),
        events.map((event) => event.input.organizationId),
        events.map((event) => event.input.type),
        events.map((event) => event.formId),
        events.map((event) => event.resourceId),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => event.input.test ?? false),
        events.map((event) => event.orderingKey),
      ],
    );

    // Paused and disabled webhooks hold deliveries up to their cap, in the events' order.
    const off = [...new Set(matched.flat().filter((webhook) => webhook.status !== 'ACTIVE').map((webhook) => webhook.id))];
    const room = await roomToHold(client, off);
    const overflow = new Map<string, number>();
    const deliveries = events.flatMap((event, index) =>
      matched[index]
        .filter((webhook) => {
          if (webhook.status === 'ACTIVE') return true;
          const left = room.get(webhook.id) ?? 0;
          if (left > 0) {
            room.set(webhook.id, left - 1);
            return true;
          }
          overflow.set(webhook.id, (overflow.get(webhook.id) ?? 0) + 1);
          return false;
        })
        .map((webhook) => ({
          id: createId('msg'),
          event,
          webhookId: webhook.id,
          status: webhook.status === 'ACTIVE' ? ('PENDING' as const) : ('HELD' as const),
          ordered: event.orderingKey !== null && webhook.ordering === 'key',
        })),
    );
    await countHeldOverflow(client, overflow);

    if (deliveries.length > 0) {
      // The delivery belongs to the webhook's organization (a parent, for sub-organization events).
      // It copies the webhook settings that shape its body (format, name, app key): a delivery
      // is an immutable message, later edits to the webhook change future deliveries only.
      await client.query(
        `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", test, status, format, "webhookName", "appKey")
         select d.id, w."organizationId", w.id, d."eventId", d."eventType", d.test, d.status::"DeliveryStatus", w.format, w.name, w."appKey"
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[]) with ordinality
           as d(id, "webhookId", "eventId", "eventType", test, status, position)
         join "Webhook" w on w.id = d."webhookId"
         order by d.position`,
        [
          deliveries.map((delivery) => delivery.id),
          deliveries.map((delivery) => delivery.webhookId),
          deliveries.map((delivery) => delivery.event.eventId),
          deliveries.map((delivery) => delivery.event.input.type),
          deliveries.map((delivery) => delivery.event.input.test ?? false),
          deliveries.map((delivery) => delivery.status),
        ],
      );
      const ordered = deliveries.filter((delivery) => delivery.ordered);
      if (ordered.length > 0) {
        await client.query(
          `insert into "OrderedDelivery" ("deliveryId", "webhookId", "orderingKey")
           select id, "webhookId", "orderingKey" from unnest($1::text[], $2::text[], $3::text[]) with ordinality as d(id, "webhookId", "orderingKey", position)
           order by position`,
          [ordered.map((delivery) => delivery.id), ordered.map((delivery) => delivery.webhookId), ordered.map((delivery) => delivery.event.orderingKey)],
        );
      }
      await enqueueDeliveries(
        client,
        deliveries
          .filter((delivery) => delivery.status === 'PENDING')
          .map((delivery) => ({ deliveryId: delivery.id, webhookId: delivery.webhookId, trigger: delivery.event.trigger })),
      );
    }
    return events.map((event) => ({
      eventId: event.eventId,
      deliveries: deliveries.filter((delivery) => delivery.event === event).map(({ id, webhookId }) => ({ id, webhookId })),
    }));
  });
}
