import 'server-only';
import { pool } from '../db';
import { idFloorAt } from '../stats/id-floor';

const CHUNK = 5_000;

/**
 * Deletes deliveries (and, by cascade, their attempts) older than the retention, then
 * events left without deliveries. In chunks, so no statement holds locks for long.
 */
export async function pruneDeliveries(input: { retentionDays: number; now?: Date }): Promise<{ deliveries: number; events: number }> {
  const cutoff = new Date((input.now ?? new Date()).getTime() - input.retentionDays * 86_400_000);
  // Delivery ids sort by creation time: everything older than the cutoff sorts below its
  // id floor, a range of the primary key.
  const deliveryFloor = idFloorAt('msg', cutoff);
  let deliveries = 0;
  for (;;) {
    const { rowCount } = await pool().query(
      `delete from "Delivery" where id in (select id from "Delivery" where id < $1 limit ${CHUNK})`,
      [deliveryFloor],
    );
    deliveries += rowCount ?? 0;
    if ((rowCount ?? 0) < CHUNK) break;
  }
  let events = 0;
  for (;;) {
    const { rowCount } = await pool().query(
      `delete from "Event" where id in (
         select e.id from "Event" e where e."createdAt" < $1
           and not exists (select 1 from "Delivery" d where d."eventId" = e.id)
         limit ${CHUNK})`,
      [cutoff],
    );
    events += rowCount ?? 0;
    if ((rowCount ?? 0) < CHUNK) break;
  }
  await pool().query(`delete from "InboxRequest" where "receivedAt" < $1`, [cutoff]);
  await pool().query(`delete from "IdempotencyKey" where "expiresAt" < now()`);
  return { deliveries, events };
}
