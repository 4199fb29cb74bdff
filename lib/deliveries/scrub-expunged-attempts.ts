import 'server-only';
import type pg from 'pg';
import type { AttemptResult } from './attempt-delivery';

/**
 * An attempt in flight while its event was expunged is logged after the expunge scrubbed the
 * delivery's attempts (its delivery row was locked by the expunge, so the state update above
 * left it FAILED): its request and response would keep the erased data. Blank them as the
 * expunge does (docs/delivery-semantics.md). Runs only when some delivery was not updated.
 */
export async function scrubAttemptsOfExpunged(client: pg.PoolClient, settled: { result: AttemptResult }[], updated: { id: string }[]): Promise<void> {
  const kept = new Set(updated.map((row) => row.id));
  const left = [...new Set(settled.map((u) => u.result.deliveryId).filter((id) => !kept.has(id)))];
  if (left.length === 0) return;
  await client.query(
    `update "Attempt" a set "requestBody" = '', "responseBody" = null, "responseHeaders" = null,
       error = case when a.error is null then null else '[expunged]' end
     from "Delivery" d join "Event" e on e.id = d."eventId"
     where a."deliveryId" = d.id and d.id = any($1::text[]) and e."expungedAt" is not null and a."requestBody" <> ''`,
    [left],
  );
}
