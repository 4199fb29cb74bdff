import 'server-only';
import type pg from 'pg';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { Scope } from '../auth/scopes';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { withTransaction } from '../db-transaction';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import type { ExpungeEventsInput } from './expunge-schema';

export { ZExpungeEvents, type ExpungeEventsInput } from './expunge-schema';

// Expunge (docs/security-model.md#expunge): a person's data leaves every place Tidings keeps
// a copy of it, in one transaction with its audit row:
// - Event.data becomes a tombstone ({"expunged": true}); the row stays with its id, type
//   and time, so deliveries and their history stay countable;
// - Attempt request and response bodies are emptied (a receiver may echo what it got);
// - deliveries not yet settled are failed, so nothing sends the tombstone; resend and
//   replay skip expunged events;
// - inbox requests that carried these deliveries (or mention the email) are deleted;
// - audit rows whose changes mention the email have it replaced (the one UPDATE the
//   audit table allows, tidings.audit_maintenance = 'redact').
// The audit row of the expunge itself names the events, never the email.

export const TOMBSTONE = { expunged: true } as const;
const MAX_EVENTS = 10_000;

type Found = { id: string; type: string };

async function findEvents(client: pg.PoolClient, organizationId: string, input: ExpungeEventsInput): Promise<Found[]> {
  if (input.eventIds) {
    const { rows } = await client.query<Found>(
      `select id, type from "Event" where "organizationId" = $1 and id = any($2::text[]) order by id for update`,
      [organizationId, input.eventIds],
    );
    return rows;
  }
  // The email anywhere in the data, in any letter case (JSON text holds it as sent).
  const { rows } = await client.query<Found>(
    `select id, type from "Event"
     where "organizationId" = $1 and "expungedAt" is null and strpos(lower(data::text), $2) > 0
     order by id limit ${MAX_EVENTS} for update`,
    [organizationId, input.email],
  );
  return rows;
}

export async function expungeEvents(input: { organizationId: string; scopes: readonly Scope[]; data: ExpungeEventsInput; audit?: AuditSource }) {
  return withTransaction(async (client) => {
    const events = await findEvents(client, input.organizationId, input.data);
    // The caller must hold the event scopes of what it erases, as of what it could resend.
    assertEventScopes(input.scopes, [...new Set(events.map((event) => event.type))], 'to expunge these events');
    const ids = events.map((event) => event.id);
    let deliveries = 0;
    let attempts = 0;
    let inboxRequests = 0;
    if (ids.length > 0) {
      await client.query(`update "Event" set data = $2::jsonb, "expungedAt" = coalesce("expungedAt", (now() at time zone 'utc')) where id = any($1::text[])`, [
        ids,
        JSON.stringify(TOMBSTONE),
      ]);
      const deliveryRows = await client.query<{ id: string }>(`select id from "Delivery" where "eventId" = any($1::text[])`, [ids]);
      const deliveryIds = deliveryRows.rows.map((row) => row.id);
      deliveries = deliveryIds.length;
      await client.query(
        `update "Delivery" set status = 'FAILED', "nextAttemptAt" = null, "lastError" = 'The event was expunged'
         where id = any($1::text[]) and status in ('PENDING', 'RETRYING')`,
        [deliveryIds],
      );
      // Ordered deliveries parked behind one that just failed here would wait for nothing:
      // its job now finds it settled and sends nothing, so nobody else would wake them.
      const ordered = await client.query<{ webhookId: string }>(`select distinct "webhookId" from "OrderedDelivery" where "deliveryId" = any($1::text[])`, [deliveryIds]);
      for (const { webhookId } of ordered.rows) await releaseParkedDeliveries(client, { webhookId });
      const emptied = await client.query(
        `update "Attempt" set "requestBody" = '', "responseBody" = null where "deliveryId" = any($1::text[])`,
        [deliveryIds],
      );
      attempts = emptied.rowCount ?? 0;
      const inbox = await client.query(
        `delete from "InboxRequest" r using "Inbox" i
         where r."inboxId" = i.id and i."organizationId" = $1
           and (r.headers->>'webhook-id' = any($2::text[]) or ($3::text is not null and strpos(lower(r.body), $3) > 0))`,
        [input.organizationId, deliveryIds, input.data.email ?? null],
      );
      inboxRequests = inbox.rowCount ?? 0;
    } else if (input.data.email) {
      const inbox = await client.query(
        `delete from "InboxRequest" r using "Inbox" i where r."inboxId" = i.id and i."organizationId" = $1 and strpos(lower(r.body), $2) > 0`,
        [input.organizationId, input.data.email],
      );
      inboxRequests = inbox.rowCount ?? 0;
    }
    let auditEntries = 0;
    if (input.data.email) {
      await client.query(`select set_config('tidings.audit_maintenance', 'redact', true)`);
      const redacted = await client.query(
        `update "AuditEntry" set changes = regexp_replace(changes::text, $3, '[expunged]', 'gi')::jsonb
         where "organizationId" = $1 and changes is not null and strpos(lower(changes::text), $2) > 0`,
        [input.organizationId, input.data.email, input.data.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')],
      );
      auditEntries = redacted.rowCount ?? 0;
      await client.query(`select set_config('tidings.audit_maintenance', '', true)`);
    }
    const result = { expunged: ids.length, eventIds: ids, deliveries, attempts, inboxRequests, auditEntries };
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'event.expunged',
        target: { type: 'event', id: ids.length === 1 ? ids[0] : null },
        changes: { by: input.data.email ? 'email' : 'eventIds', ...result, eventIds: ids.slice(0, 100) },
      });
    }
    return result;
  });
}
