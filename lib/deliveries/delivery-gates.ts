import 'server-only';
import { pool } from '../db';

// Raw pg: these run before each request to an ordered or rate-limited webhook, on the
// worker's hot path. Webhooks with neither setting never reach them.
// docs/delivery-semantics.md#ordered-delivery and #rate-limits.

export type OrderingGate =
  /** This worker holds the key's lease and no earlier delivery of the key is unsettled: send. */
  | { kind: 'go' }
  /** Another worker is sending a delivery of this key right now: try again shortly. */
  | { kind: 'busy' }
  /** An earlier delivery of the key is PENDING or RETRYING: wait (parked) until it settles. */
  | { kind: 'blocked' };

// The lease outlives the longest request (timeout ≤ 30 s) and the recording after it;
// past it, a crashed worker's lease is taken over.
const LEASE_SECONDS = 120;

/**
 * Takes the (webhook, key) lease for `holder` (the job id: a job pg-boss re-runs after a
 * crash takes its own lease back), then looks for an earlier unsettled delivery of the
 * key. Everything that changes a key's deliveries happens under its lease (sending,
 * recording, parking, waking the next), so what this sees cannot change until it lets go.
 */
export async function passOrderingGate(input: { webhookId: string; orderingKey: string; deliveryId: string; holder: string }): Promise<OrderingGate> {
  const lease = await pool().query(
    `insert into "OrderingLease" as l ("webhookId", "orderingKey", holder, "expiresAt")
     values ($1, $2, $3, now() + make_interval(secs => $4))
     on conflict ("webhookId", "orderingKey") do update set holder = excluded.holder, "expiresAt" = excluded."expiresAt"
       where l."expiresAt" < now() or l.holder = excluded.holder
     returning 1`,
    [input.webhookId, input.orderingKey, input.holder, LEASE_SECONDS],
  );
  if (lease.rowCount === 0) return { kind: 'busy' };
  // A statement of its own, so its snapshot is taken after the lease was won: one statement
  // would read the deliveries as they were before it waited for the previous holder's
  // commit, and could park behind a delivery that holder had just settled (nobody would
  // wake it).
  const { rows } = await pool().query<{ blocked: boolean }>(
    `select exists (
       select 1 from "OrderedDelivery" o join "Delivery" d on d.id = o."deliveryId"
       where o."webhookId" = $1 and o."orderingKey" = $2 and o."deliveryId" < $3 and d.status in ('PENDING', 'RETRYING')
     ) as blocked`,
    [input.webhookId, input.orderingKey, input.deliveryId],
  );
  return rows[0].blocked ? { kind: 'blocked' } : { kind: 'go' };
}

/**
 * Reserves the next request slot of a rate-limited webhook for all workers together: slots
 * are 1/maxRequestsPerSecond apart (a spacing, not a window: no burst of twice the limit
 * across a window's edge). Reserves only a slot within `maxWaitMs`; returns how long to wait
 * for the reserved slot, or `{ reserved: false, waitMs }` when the next free one is further
 * away (the job is then rescheduled, not failed).
 */
export async function reserveRequestSlot(input: { webhookId: string; maxRequestsPerSecond: number; maxWaitMs: number }): Promise<{ reserved: boolean; waitMs: number }> {
  const spacingMs = 1000 / input.maxRequestsPerSecond;
  const { rows } = await pool().query<{ wait_ms: number }>(
    `insert into "WebhookRateLimit" as r ("webhookId", "nextAt") values ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
     on conflict ("webhookId") do update set "nextAt" = greatest(r."nextAt", clock_timestamp()) + make_interval(secs => $2 / 1000.0)
       where r."nextAt" <= clock_timestamp() + make_interval(secs => $3 / 1000.0)
     returning greatest(0, extract(epoch from ("nextAt" - make_interval(secs => $2 / 1000.0) - clock_timestamp())) * 1000)::float8 as wait_ms`,
    [input.webhookId, spacingMs, input.maxWaitMs],
  );
  if (rows.length > 0) return { reserved: true, waitMs: rows[0].wait_ms };
  const next = await pool().query<{ wait_ms: number }>(
    `select greatest(0, extract(epoch from ("nextAt" - clock_timestamp())) * 1000)::float8 as wait_ms from "WebhookRateLimit" where "webhookId" = $1`,
    [input.webhookId],
  );
  return { reserved: false, waitMs: next.rows[0]?.wait_ms ?? 0 };
}
