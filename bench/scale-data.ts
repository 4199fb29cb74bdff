// The data set the Recent Deliveries (phase 5) and delivery search (phase 6) probes share:
// BENCH_SCALE_DELIVERIES deliveries (default 5,000,000), two per event, over the seven UTC
// days before today, generated inside PostgreSQL (generate_series) rather than in Node.
//
// Loading is fast because each day's partitions are filled without their secondary
// indexes: the day's partitions are made by the product's own function
// (tidings_create_day_partitions), its Event and Delivery partitions detached, their
// secondary indexes dropped, the rows inserted, and the partitions attached again, which
// builds every index the parent table has (whatever they are at the time) in one sort each.

export const SCALE_DELIVERIES = Number(process.env.BENCH_SCALE_DELIVERIES ?? 5_000_000);
const WEBHOOKS_PER_EVENT = 2;
const DAYS = 7;
const DAY_MS = 86_400_000;
export const TYPES = ['donation.created', 'donation.updated', 'registration.created', 'person.created', 'contact.tag_added', 'form.submitted'];
const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'RETRYING', 'PENDING', 'SUCCEEDED'];
const LAST_NAMES = ['Smith', 'Garcia', 'Nguyen', 'Okafor', 'Kowalski', 'Haddad', 'Tanaka', 'Moreau', 'Silva', 'Novak'];
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type ScaleData = {
  organizationId: string;
  webhookIds: string[];
  /** The forms' external ids (`bench-form-<i>`), as the search is given them. */
  formExternalIds: string[];
  events: number;
  deliveries: number;
  /** The first and last moment of the generated span. */
  start: number;
  end: number;
  loadSeconds: number;
  /** Of the load, wall time: inserting rows, then building the indexes and attaching the partitions, then VACUUM ANALYZE. */
  phases: { insertSeconds: number; attachSeconds: number; analyzeSeconds: number };
  /** PostgreSQL's CPU seconds (all of the cluster's processes) for the same three steps: moves less with other load than wall time. */
  postgresCpuSeconds: { insert: number; indexes: number; analyze: number };
  sizesMb: Record<string, number>;
};

/**
 * The first part of an id (lib/ids.ts's shape) made at epoch milliseconds `ms`, in SQL: 10
 * Crockford base32 characters of the time. Ids are that, after their prefix, then 16
 * characters of a hexadecimal counter (hex digits are all in the alphabet): unique, and
 * sorted by creation time as the search and retention rely on.
 */
function timeSql(ms: string): string {
  const digits = [];
  for (let shift = 45; shift >= 0; shift -= 5) digits.push(`substr('${ALPHABET}', ((${ms} >> ${shift}) & 31)::int + 1, 1)`);
  return digits.join(' || ');
}

/**
 * The webhook of event n's delivery `copy` (0 or 1): by n / 7, so that statuses (by n % 10)
 * and types (by n % 6) spread over every webhook.
 */
export const webhookOf = (n: number, copy: number) => (Math.floor(n / 7) + copy * 5) % 10;

/** Event n of day `day` is made at start + n * span / events: day k holds n in [ceil(k·E/7), ceil((k+1)·E/7)). */
const firstOfDay = (day: number, events: number) => Math.ceil((day * events) / DAYS);

export async function loadScaleData(postgresDirectory: string): Promise<ScaleData> {
  const { cpuSeconds } = await import('./cpu-seconds');
  const postgresCpu = async () => (await cpuSeconds(postgresDirectory, {})).postgres;
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const pg = pool();
  const deliveries = SCALE_DELIVERIES - (SCALE_DELIVERIES % WEBHOOKS_PER_EVENT);
  const events = deliveries / WEBHOOKS_PER_EVENT;
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: 'bench-scale', name: 'Bench scale' } });
  const webhookIds: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    webhookIds.push((await createWebhook({ organizationId, data: { url: `https://example.com/scale-${i}`, events: ['*'], pingOnCreate: false } })).row.id);
  }
  const formIds: string[] = [];
  const formExternalIds: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    formExternalIds.push(`bench-form-${i}`);
    formIds.push((await db.form.create({ data: { id: createId('form'), organizationId, name: `Form ${i}`, externalId: `bench-form-${i}` } })).id);
  }

  const now = new Date();
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = end - DAYS * DAY_MS;
  console.log(`loading ${deliveries.toLocaleString('en')} deliveries and ${events.toLocaleString('en')} events over ${DAYS} days…`);
  const loadStarted = performance.now();
  const cpuStarted = await postgresCpu();

  // Each day: its partitions made (or found), then Event's and Delivery's detached and
  // stripped of every index but their primary keys (the attempts' key refers to Delivery's).
  const days: { suffix: string; iso: string; eventBounds: [string, string]; deliveryBounds: [string, string] }[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    const iso = new Date(start + day * DAY_MS).toISOString().slice(0, 10);
    const suffix = iso.replaceAll('-', '');
    await pg.query(`select tidings_create_day_partitions($1::date)`, [iso]);
    const bounds = async (parent: string) => {
      const { rows } = await pg.query<{ bound: string }>(
        `select pg_get_expr(c.relpartbound, c.oid) as bound from pg_class c where c.relname = $1`,
        [`${parent}_p${suffix}`],
      );
      const match = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(rows[0].bound);
      if (!match) throw new Error(`unexpected bound ${rows[0].bound}`);
      return [match[1], match[2]] as [string, string];
    };
    const entry = { suffix, iso, eventBounds: await bounds('Event'), deliveryBounds: await bounds('Delivery') };
    for (const parent of ['Event', 'Delivery']) {
      const table = `${parent}_p${suffix}`;
      await pg.query(`alter table "${parent}" detach partition "${table}"`);
      const { rows } = await pg.query<{ name: string }>(
        `select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid
         where x.indrelid = format('%I', $1::text)::regclass and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
        [table],
      );
      for (const { name } of rows) await pg.query(`drop index "${name}"`);
    }
    days.push(entry);
  }

  // Row g of the span: event g, made at start + g · span / events, and its two deliveries.
  const rows = (from: number, to: number) =>
    `(select g, ${timeSql(`(${start}::bigint + floor(g * ${DAYS * DAY_MS}::float8 / ${events})::bigint)`)} as time,
             to_timestamp((${start}::bigint + floor(g * ${DAYS * DAY_MS}::float8 / ${events})::bigint) / 1000.0) as at
      from generate_series(${from}::bigint, ${to - 1}::bigint) as g offset 0) as r`;
  const eventId = `'evt_' || r.time || lpad(to_hex(r.g), 16, '0')`;
  const insertEvents = (suffix: string, from: number, to: number) =>
    pg.query(
      `insert into "Event_p${suffix}" (id, "organizationId", type, "formId", "resourceId", data, "createdAt")
       select ${eventId}, $1, ($2::text[])[1 + g % 6], case when g % 2 = 0 then ($3::text[])[1 + (g / 2) % 5] end, 'res-' || (g % 5000),
              jsonb_build_object(
                'donor', jsonb_build_object('email', 'donor' || g || '@example.org', 'first_name', 'First' || (g % 997),
                                            'last_name', ($4::text[])[1 + g % 10], 'phone', '555' || lpad(g::text, 7, '0')),
                'order_number', 'ORD-' || (1000000 + g), 'amount_in_cents', 500 + g % 20000, 'currency', 'USD', 'note', 'Thank you for your gift'),
              at
       from ${rows(from, to)}`,
      [organizationId, TYPES, formIds, LAST_NAMES],
    );
  const insertDeliveries = (suffix: string, from: number, to: number) =>
    pg.query(
      `insert into "Delivery_p${suffix}" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "lastStatusCode", "createdAt")
       select 'msg_' || r.time || lpad(to_hex(r.g * 2 + c.copy), 16, '0'), $1, ($2::text[])[1 + (g / 7 + copy * 5) % 10], ${eventId}, ($3::text[])[1 + g % 6],
              ($4::text[])[1 + (g + copy) % 10]::"DeliveryStatus", 1, 200, at
       from ${rows(from, to)} cross join lateral (values (r.g * 0), (r.g * 0 + 1)) as c(copy)`,
      [organizationId, webhookIds, TYPES, STATUSES],
    );
  // Events and deliveries on two connections at once (the machine has two cores).
  await Promise.all([
    (async () => {
      for (let day = 0; day < DAYS; day += 1) await insertEvents(days[day].suffix, firstOfDay(day, events), firstOfDay(day + 1, events));
    })(),
    (async () => {
      for (let day = 0; day < DAYS; day += 1) await insertDeliveries(days[day].suffix, firstOfDay(day, events), firstOfDay(day + 1, events));
    })(),
  ]);
  const inserted = performance.now();
  const cpuInserted = await postgresCpu();
  console.log(`  rows inserted in ${((inserted - loadStarted) / 1000).toFixed(1)} s; building the indexes…`);
  // Every index of the parent tables, built on each detached day (a queue shared by two
  // connections, so the full-text index builds spread over both cores); ATTACH then adopts
  // them instead of building them one at a time.
  const { rows: parentIndexes } = await pg.query<{ parent: string; name: string; definition: string }>(
    `select t.relname as parent, i.relname as name, pg_get_indexdef(x.indexrelid) as definition from pg_index x
     join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
     where t.relname in ('Event', 'Delivery') and not x.indisprimary`,
  );
  // Each named after its parent's index with the day in it, as the product's partitions' are.
  const builds = days.flatMap((day) =>
    parentIndexes.map(({ parent, name, definition }) =>
      definition.replace(
        /^CREATE (UNIQUE )?INDEX \S+ ON ONLY (\S+\.)?"?\w+"?/,
        (_match, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX "${name.replace(`${parent}_`, `${parent}_p${day.suffix}_`).slice(0, 63)}" ON "${parent}_p${day.suffix}"`,
      ),
    ),
  );
  await Promise.all(
    [0, 1].map(async () => {
      const client = await pg.connect();
      try {
        // Index builds sort in memory (the full-text index's build most of all).
        await client.query(`set maintenance_work_mem = '256MB'`);
        await client.query(`set max_parallel_maintenance_workers = 0`);
        for (let build = builds.shift(); build; build = builds.shift()) await client.query(build);
      } finally {
        client.release();
      }
    }),
  );
  for (const parent of ['Event', 'Delivery'] as const) {
    for (const day of days) {
      const [from, to] = parent === 'Event' ? day.eventBounds : day.deliveryBounds;
      await pg.query(`alter table "${parent}" attach partition "${parent}_p${day.suffix}" for values from ('${from}') to ('${to}')`);
    }
  }
  const attached = performance.now();
  const cpuAttached = await postgresCpu();
  console.log(`  attached in ${((attached - inserted) / 1000).toFixed(1)} s; vacuum analyze…`);
  await Promise.all([pg.query('vacuum analyze "Event"'), pg.query('vacuum analyze "Delivery"')]);
  const analyzed = performance.now();
  const cpuAnalyzed = await postgresCpu();
  const loadSeconds = (analyzed - loadStarted) / 1000;
  console.log(`  loaded in ${loadSeconds.toFixed(1)} s`);
  const sizes = (
    await pg.query<{ name: string; mb: number }>(
      `select parent.relname as name, round(sum(pg_relation_size(c.oid)) / 1048576.0, 1)::float8 as mb
       from pg_class parent join pg_inherits i on i.inhparent = parent.oid join pg_class c on c.oid = i.inhrelid
       where parent.relname in ('Event_data_search_idx', 'Event_formId_idx', 'Event_resourceId_idx', 'Event', 'Delivery')
       group by parent.relname`,
    )
  ).rows;
  return {
    organizationId,
    webhookIds,
    formExternalIds,
    events,
    deliveries,
    start,
    end: end - 1,
    loadSeconds: Number(loadSeconds.toFixed(1)),
    phases: {
      insertSeconds: Number(((inserted - loadStarted) / 1000).toFixed(1)),
      attachSeconds: Number(((attached - inserted) / 1000).toFixed(1)),
      analyzeSeconds: Number(((analyzed - attached) / 1000).toFixed(1)),
    },
    postgresCpuSeconds: {
      insert: Number((cpuInserted - cpuStarted).toFixed(1)),
      indexes: Number((cpuAttached - cpuInserted).toFixed(1)),
      analyze: Number((cpuAnalyzed - cpuAttached).toFixed(1)),
    },
    sizesMb: Object.fromEntries(sizes.map((size) => [size.name, size.mb])),
  };
}
