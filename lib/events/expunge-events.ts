import 'server-only';
import type pg from 'pg';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { withTransaction } from '../db-transaction';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import type { ExpungeEventsInput } from './expunge-schema';

export { ZExpungeEvents, type ExpungeEventsInput } from './expunge-schema';

// Expunge (docs/security-model.md#expunge): a person's data leaves every place Tidings keeps
// a copy of it, in one transaction with its audit row. The events it erases are the
// caller's organization's, and those of its sub-organizations that were delivered to the
// caller's webhooks (the deliveries are the caller's copies). For each:
// - Event.data becomes a tombstone ({"expunged": true}); orderingKey and resourceId, which
//   integrators fill with the person's identifiers, are cleared. The row stays with its id,
//   type and time, so deliveries and their history stay countable;
// - every delivery of it that has not settled (pending, retrying, held) fails, so nothing
//   sends the tombstone (resume, resend and replay skip expunged events); lastError texts
//   and the ordering key copied onto ordered deliveries are replaced;
// - its attempts lose request and response bodies, response headers and error texts
//   (a receiver may echo what it got);
// - inbox requests that carried its deliveries (or hold the email as a value) are deleted;
// - by email, audit rows of the caller's organization that hold the email as a value (in
//   `changes`, or as the actor's label) have it replaced, once some event was erased: the
//   log is not rewritten for a person nobody's data was about.
// An email matches a whole value (a JSON string, orderingKey or resourceId equal to it in
// any letter case), never part of one: min@example.com is not admin@example.com.
// The answer is counts only, the same keys whether or not anything matched; the audit row
// of the expunge names the events, never the email.

export const TOMBSTONE = { expunged: true } as const;
const REDACTED = '[expunged]';
const EXPUNGED_ERROR = 'The event was expunged';
const MAX_EVENTS = 10_000;

// The caller's organization and its descendants: their events are the candidates, the
// descendants' only when delivered to the caller's webhooks (`= any(array(…))` keeps the
// organization index usable).
const ORGANIZATIONS = `array(
  with recursive tree as (
    select id from "Organization" where id = $1
    union
    select child.id from "Organization" child join tree on child."parentId" = tree.id
  ) select id from tree
)`;
const DELIVERED_HERE = `(e."organizationId" = $1 or exists (select 1 from "Delivery" d where d."eventId" = e.id and d."organizationId" = $1))`;

async function findEvents(client: pg.PoolClient, organizationId: string, input: ExpungeEventsInput): Promise<string[]> {
  if (input.eventIds) {
    const { rows } = await client.query<{ id: string }>(
      `select e.id from "Event" e
       where e.id = any($2::text[]) and ${DELIVERED_HERE}
       order by e.id for update of e`,
      [organizationId, input.eventIds],
    );
    return rows.map((row) => row.id);
  }
  // strpos narrows cheaply; the JSON path then keeps only whole string values equal to it.
  const { rows } = await client.query<{ id: string }>(
    `select e.id from "Event" e
     where e."organizationId" = any(${ORGANIZATIONS}) and ${DELIVERED_HERE} and e."expungedAt" is null
       and (lower(e."orderingKey") = $2 or lower(e."resourceId") = $2
            or (strpos(lower(e.data::text), $2) > 0
                and exists (select 1 from jsonb_path_query(e.data, 'strict $.**') value
                            where jsonb_typeof(value) = 'string' and lower(value #>> '{}') = $2)))
     order by e.id limit ${MAX_EVENTS} for update of e`,
    [organizationId, input.email],
  );
  return rows.map((row) => row.id);
}

/** `"email"` as it stands in JSON text, as a case-insensitive pattern (emails need no JSON escapes). */
function quotedValuePattern(email: string): string {
  return `"${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`;
}

export type ExpungeResult = { events: number; deliveries: number };

export async function expungeEvents(input: { organizationId: string; data: ExpungeEventsInput; audit?: AuditSource }): Promise<ExpungeResult> {
  return withTransaction(async (client) => {
    const ids = await findEvents(client, input.organizationId, input.data);
    const email = input.data.email ?? null;
    let deliveryIds: string[] = [];
    if (ids.length > 0) {
      await client.query(
        `update "Event" set data = $2::jsonb, "orderingKey" = null, "resourceId" = null,
           "expungedAt" = coalesce("expungedAt", (now() at time zone 'utc'))
         where id = any($1::text[])`,
        [ids, JSON.stringify(TOMBSTONE)],
      );
      const { rows } = await client.query<{ id: string }>(
        `update "Delivery" set
           status = case when status in ('PENDING', 'RETRYING', 'HELD') then 'FAILED'::"DeliveryStatus" else status end,
           "nextAttemptAt" = case when status in ('PENDING', 'RETRYING', 'HELD') then null else "nextAttemptAt" end,
           "lastError" = case when status in ('PENDING', 'RETRYING', 'HELD') then $2
                              when "lastError" is null then null else $3 end
         where "eventId" = any($1::text[])
         returning id`,
        [ids, EXPUNGED_ERROR, REDACTED],
      );
      deliveryIds = rows.map((row) => row.id);
      // The ordering key copied for ordered delivery: these deliveries are settled now, so
      // their key orders nothing any more. Deliveries parked behind one that just failed
      // here would wait for nothing: its job finds it settled and wakes nobody.
      const ordered = await client.query<{ webhookId: string }>(
        `update "OrderedDelivery" set "orderingKey" = $2 || "deliveryId" where "deliveryId" = any($1::text[]) returning "webhookId"`,
        [deliveryIds, 'expunged:'],
      );
      for (const webhookId of new Set(ordered.rows.map((row) => row.webhookId))) await releaseParkedDeliveries(client, { webhookId });
      await client.query(
        `update "Attempt" set "requestBody" = '', "responseBody" = null, "responseHeaders" = null,
           error = case when error is null then null else $2 end
         where "deliveryId" = any($1::text[])`,
        [deliveryIds, REDACTED],
      );
      // Any inbox copy of these deliveries, whatever header its format names the delivery by;
      // and, by email, the organization's inbox requests that hold it as a value.
      await client.query(
        `delete from "InboxRequest" r
         where case when jsonb_typeof(r.headers) = 'object'
                    then exists (select 1 from jsonb_each_text(r.headers) header where header.value = any($1::text[])) else false end
            or ($3::text is not null and r."inboxId" in (select id from "Inbox" where "organizationId" = $2)
                and strpos(lower(r.body), '"' || $3 || '"') > 0)`,
        [deliveryIds, input.organizationId, email],
      );
      if (email) {
        await client.query(`select set_config('tidings.audit_maintenance', 'redact', true)`);
        await client.query(
          `update "AuditEntry" set
             changes = case when changes is null then null else regexp_replace(changes::text, $3, $4, 'gi')::jsonb end,
             "actorLabel" = case when lower("actorLabel") = $2 then $5 else "actorLabel" end
           where "organizationId" = $1
             and (lower("actorLabel") = $2 or (changes is not null and strpos(lower(changes::text), '"' || $2 || '"') > 0))`,
          [input.organizationId, email, quotedValuePattern(email), JSON.stringify(REDACTED), REDACTED],
        );
        await client.query(`select set_config('tidings.audit_maintenance', '', true)`);
      }
    }
    const result: ExpungeResult = { events: ids.length, deliveries: deliveryIds.length };
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'event.expunged',
        target: { type: 'event', id: ids.length === 1 ? ids[0] : null },
        changes: { by: email ? 'email' : 'eventIds', ...result, eventIds: ids.slice(0, 100) },
      });
    }
    return result;
  });
}
