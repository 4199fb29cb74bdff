import 'server-only';
import { withTransaction } from '../db-transaction';
import type pg from 'pg';
import { pool } from '../db';
import { idFloorAt } from '../stats/id-floor';

// Retention that bounds storage (docs/architecture.md#retention). Event, Delivery and Attempt
// are partitioned by UTC day (prisma/migrations/20261202204000_partition_by_day): the worker's
// maintenance creates each day's partitions a week ahead and drops whole days once they are
// older than TIDINGS_RETENTION_DAYS. DROP TABLE gives the disk back at once, with no
// row-by-row deletes, no dead rows to vacuum, and no index churn on the hot tables. Only
// the DEFAULT partitions (rows in no day: from before partitioning, hand-made ids) are
// pruned by rows.

const DAY_MS = 86_400_000;
export const PARTITION_DAYS_AHEAD = 7;
/** Maintenance waits this long for a lock on a hot table, then tries again next hour. */
const LOCK_TIMEOUT = '5s';

type DayPartition = { table: string; day: Date };

const utcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/** A transaction that gives up on a lock it cannot take within LOCK_TIMEOUT (retried next hour). */
function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(async (client) => {
    await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
    return work(client);
  });
}

/** The daily partitions of a parent table, oldest first. */
export async function listDayPartitions(parent: 'Event' | 'Delivery' | 'Attempt'): Promise<DayPartition[]> {
  const { rows } = await pool().query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = format('%I', $1::text)::regclass and c.relname ~ ('^' || $1 || '_p[0-9]{8}$')
     order by c.relname`,
    [parent],
  );
  return rows.map(({ name }) => {
    const digits = name.slice(-8);
    return { table: name, day: new Date(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}T00:00:00Z`) };
  });
}

/**
 * Creates the partitions of today and the next `daysAhead` days that do not exist yet. A day
 * whose rows already went to the DEFAULT partition (the worker was stopped for more than a
 * week) cannot get its own: it is skipped, its rows stay in DEFAULT (pruned by rows), and
 * the following days are still created.
 */
export async function createPartitionsAhead(input: { now?: Date; daysAhead?: number } = {}): Promise<{ created: string[]; skipped: string[] }> {
  const today = utcDay(input.now ?? new Date());
  const created: string[] = [];
  const skipped: string[] = [];
  for (let offset = 0; offset <= (input.daysAhead ?? PARTITION_DAYS_AHEAD); offset += 1) {
    const day = isoDay(new Date(today.getTime() + offset * DAY_MS));
    try {
      const made = await inTransaction(async (client) => (await client.query<{ made: boolean }>(`select tidings_create_day_partitions($1::date) as made`, [day])).rows[0].made);
      if (made) created.push(day);
    } catch (error) {
      // 23514: the DEFAULT partition holds rows of that day.
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23514') skipped.push(day);
      else throw error;
    }
  }
  return { created, skipped };
}

async function tableBytes(tables: string[]): Promise<number> {
  if (tables.length === 0) return 0;
  const { rows } = await pool().query<{ bytes: string }>(
    `select coalesce(sum(pg_total_relation_size(format('%I', name)::regclass)), 0)::bigint as bytes from unnest($1::text[]) as name where to_regclass(format('%I', name)) is not null`,
    [tables],
  );
  return Number(rows[0].bytes);
}

export type RetentionResult = {
  /** The days whose deliveries and attempts were dropped. */
  droppedDeliveryDays: string[];
  /** The days whose events were dropped (a day after their deliveries). */
  droppedEventDays: string[];
  /** pg_total_relation_size of every partition dropped. */
  bytesFreed: number;
  /** Rows pruned one by one from the DEFAULT partitions. */
  defaultRows: { deliveries: number; events: number };
};

/**
 * Drops every day of deliveries and attempts entirely older than the retention, and every
 * day of events one day later (a delivery created just after midnight may carry the event
 * of just before); then prunes the DEFAULT partitions by rows.
 */
export async function dropExpiredPartitions(input: { retentionDays: number; now?: Date }): Promise<RetentionResult> {
  const cutoff = new Date((input.now ?? new Date()).getTime() - input.retentionDays * DAY_MS);
  const result: RetentionResult = { droppedDeliveryDays: [], droppedEventDays: [], bytesFreed: 0, defaultRows: { deliveries: 0, events: 0 } };

  for (const { day } of await listDayPartitions('Delivery')) {
    if (day.getTime() + DAY_MS > cutoff.getTime()) break;
    const suffix = isoDay(day).replaceAll('-', '');
    const tables = [`Attempt_p${suffix}`, `Delivery_p${suffix}`];
    const bytes = await tableBytes(tables);
    // The attempts first: their key to the day's deliveries goes with them.
    await inTransaction(async (client) => {
      for (const table of tables) await client.query(`drop table if exists "${table}"`);
    });
    result.bytesFreed += bytes;
    result.droppedDeliveryDays.push(isoDay(day));
  }

  for (const { day, table } of await listDayPartitions('Event')) {
    if (day.getTime() + 2 * DAY_MS > cutoff.getTime()) break;
    const bytes = await tableBytes([table]);
    await inTransaction(async (client) => {
      // Deliveries carrying these events live in this day's or the next day's partition,
      // both dropped already; any other (none is made that way) goes with its event.
      await client.query(`delete from "Delivery" where "eventId" >= $1 and "eventId" < $2`, [idFloorAt('evt', day), idFloorAt('evt', new Date(day.getTime() + DAY_MS))]);
      await client.query(`drop table if exists "${table}"`);
    });
    result.bytesFreed += bytes;
    result.droppedEventDays.push(isoDay(day));
  }

  // The DEFAULT partitions, by rows (their attempts go by the per-partition cascade).
  const deliveries = await pool().query(`delete from "Delivery_default" where id < $1`, [idFloorAt('msg', cutoff)]);
  result.defaultRows.deliveries = deliveries.rowCount ?? 0;
  const events = await pool().query(
    `delete from "Event_default" e where e.id < $1 and not exists (select 1 from "Delivery" d where d."eventId" = e.id)`,
    [idFloorAt('evt', new Date(cutoff.getTime() - DAY_MS))],
  );
  result.defaultRows.events = events.rowCount ?? 0;
  // Ordered-delivery rows of what was dropped ("OrderedDelivery" has no foreign key into the partitions).
  await pool().query(
    `delete from "OrderedDelivery" o where o."deliveryId" < $1 and not exists (select 1 from "Delivery" d where d.id = o."deliveryId")`,
    [idFloorAt('msg', cutoff)],
  );
  return result;
}

/** The worker's hourly retention: next week's partitions, then the expired ones, then the small tables. */
export async function runRetention(input: { retentionDays: number; now?: Date }) {
  const ahead = await createPartitionsAhead({ now: input.now });
  const dropped = await dropExpiredPartitions(input);
  const cutoff = new Date((input.now ?? new Date()).getTime() - input.retentionDays * DAY_MS);
  await pool().query(`delete from "InboxRequest" where "receivedAt" < $1`, [cutoff]);
  await pool().query(`delete from "IdempotencyKey" where "expiresAt" < now()`);
  return { createdPartitions: ahead.created, skippedPartitions: ahead.skipped, ...dropped };
}
