// Phase 6, retention by daily partitions: one past day loaded with RETENTION_DAY_DELIVERIES
// deliveries (a donation.created each, one attempt each, as the standard format sends and
// records them), its disk measured per delivery, then the time and the disk freed by
// dropping that day (lib/retention/manage-partitions.ts), while the rest of the table stays.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { root } from './settings';

export const RETENTION_DAY_DELIVERIES = Number(process.env.BENCH_RETENTION_DELIVERIES ?? 200_000);

export async function measureRetention() {
  const { pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { dropExpiredPartitions } = await import('../lib/retention/manage-partitions');
  const { idFloorAt } = await import('../lib/stats/id-floor');
  const pg = pool();
  const sample = JSON.parse(await readFile(path.join(root, 'lib/events/catalog/samples/donation.created.json'), 'utf8')) as unknown;
  const organizationId = createId('org');
  await pg.query(`insert into "Organization" (id, slug, name, "updatedAt") values ($1, 'bench-retention', 'Bench retention', now())`, [organizationId]);
  const webhookId = createId('wh');
  await pg.query(
    `insert into "Webhook" (id, "organizationId", name, url, events, "secretEncrypted", "updatedAt") values ($1, $2, 'retention', 'https://example.com/hook', '{*}', 'x', now())`,
    [webhookId, organizationId],
  );
  const day = new Date(Date.now() - 60 * 86_400_000);
  const dayStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const suffix = dayStart.toISOString().slice(0, 10).replaceAll('-', '');
  await pg.query(`select tidings_create_day_partitions($1::date)`, [dayStart.toISOString().slice(0, 10)]);
  const body = JSON.stringify({ type: 'donation.created', timestamp: dayStart.toISOString(), data: sample });
  const headers = JSON.stringify({
    'content-type': 'application/json',
    'user-agent': 'Tidings-Webhooks/1.0',
    'webhook-id': 'msg_01jbenchbenchbenchbenchbench',
    'webhook-timestamp': String(Math.floor(dayStart.getTime() / 1000)),
    'webhook-signature': `v1,${'A'.repeat(43)}=`,
  });
  console.log(`loading ${RETENTION_DAY_DELIVERIES.toLocaleString('en-US')} deliveries into one day (${suffix})…`);
  const chunk = 50_000;
  for (let start = 0; start < RETENTION_DAY_DELIVERIES; start += chunk) {
    const count = Math.min(chunk, RETENTION_DAY_DELIVERIES - start);
    // Ids spread over the day (ms 0…86,399,999), each unique by its random part.
    await pg.query(
      `with rows as (
         select g, $3::timestamptz + make_interval(secs => (g * 86399.0 / $6::int)) as at, lpad(to_hex(g), 16, '0') as tail
         from generate_series($5::int, $5::int + $4::int - 1) as g
       ), events as (
         insert into "Event" (id, "organizationId", type, data, "createdAt")
         select tidings_id_floor('evt', at) || tail, $1, 'donation.created', $7::jsonb, at from rows returning 1
       ), deliveries as (
         insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "lastStatusCode", "createdAt", "lastAttemptAt", format, "webhookName")
         select tidings_id_floor('msg', at) || tail, $1, $2, tidings_id_floor('evt', at) || tail, 'donation.created', 'SUCCEEDED', 1, 200, at, at, 'standard', 'retention' from rows returning 1
       )
       insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody")
       select tidings_id_floor('att', at) || tail, tidings_id_floor('msg', at) || tail, 1, 'initial', at, 42, 'https://example.com/hook', $8::jsonb, $9, 200,
              '{"content-type":"application/json","date":"Wed, 02 Dec 2026 20:00:00 GMT","content-length":"11"}'::jsonb, '{"ok":true}'
       from rows`,
      [organizationId, webhookId, dayStart.toISOString(), count, start, RETENTION_DAY_DELIVERIES, JSON.stringify(sample), headers, body],
    );
  }
  await pg.query('checkpoint');
  const sizes = await pg.query<{ table: string; bytes: string }>(
    `select name as table, pg_total_relation_size(format('%I', name)::regclass)::bigint as bytes from unnest($1::text[]) as name`,
    [[`Event_p${suffix}`, `Delivery_p${suffix}`, `Attempt_p${suffix}`]],
  );
  const bytes = Object.fromEntries(sizes.rows.map((row) => [row.table.replace(`_p${suffix}`, ''), Number(row.bytes)]));
  const total = Object.values(bytes).reduce((sum, value) => sum + value, 0);
  // Retention such that exactly this day (and its events, a day later) is expired.
  const started = performance.now();
  const dropped = await dropExpiredPartitions({ retentionDays: 58 });
  const dropMs = performance.now() - started;
  const left = Number((await pg.query(`select count(*) from "Delivery" where id >= $1 and id < $2`, [idFloorAt('msg', dayStart), idFloorAt('msg', new Date(dayStart.getTime() + 86_400_000))])).rows[0].count);
  if (left !== 0) throw new Error(`${left} deliveries of the dropped day are still there`);
  return {
    deliveries: RETENTION_DAY_DELIVERIES,
    bytesPerDelivery: Math.round(total / RETENTION_DAY_DELIVERIES),
    bytesByTable: Object.fromEntries(Object.entries(bytes).map(([table, value]) => [table, Math.round(value / RETENTION_DAY_DELIVERIES)])),
    dropMs: Math.round(dropMs),
    bytesFreed: dropped.bytesFreed,
    droppedDays: dropped.droppedDeliveryDays,
  };
}
