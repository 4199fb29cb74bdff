// Phase 6, delivery search with 1,000,000 deliveries stored: the first page of every search
// filter and of payload text, through the same lib function as the API, timed.
import { randomBytes } from 'node:crypto';

const EVENTS = 500_000;
const WEBHOOKS_PER_EVENT = 2;
const CHUNK = 25_000;
const TYPES = ['donation.created', 'donation.updated', 'registration.created', 'person.created', 'contact.tag_added', 'form.submitted'];
const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'RETRYING', 'PENDING', 'SUCCEEDED'];
const LAST_NAMES = ['Smith', 'Garcia', 'Nguyen', 'Okafor', 'Kowalski', 'Haddad', 'Tanaka', 'Moreau', 'Silva', 'Novak'];
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** An id of lib/ids.ts's shape created at `ms`: ids sort by time, as the search relies on. */
function idAt(prefix: string, ms: number): string {
  let time = '';
  let remaining = ms;
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time}${Array.from(randomBytes(16), (byte) => ALPHABET[byte & 31]).join('')}`;
}

/**
 * Loads 500,000 events over a week (donors with their own email, a name, an order number;
 * a form on half of them, one of 5,000 resources), each delivered to two of ten webhooks:
 * 1,000,000 deliveries. Then times the first page of each search filter, of payload text
 * (a rare email, a common name, text that matches nothing) and of combinations.
 */
export async function measureDeliverySearch() {
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { listDeliveries, ZListDeliveriesQuery } = await import('../lib/deliveries/list-deliveries');
  const { ALL_SCOPES } = await import('../lib/auth/scopes');
  const pg = pool();
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: 'bench-search', name: 'Bench search' } });
  const webhookIds: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    webhookIds.push((await createWebhook({ organizationId, data: { url: `https://example.com/search-${i}`, events: ['*'], pingOnCreate: false } })).row.id);
  }
  const formIds: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    formIds.push((await db.form.create({ data: { id: createId('form'), organizationId, name: `Form ${i}`, externalId: `bench-form-${i}` } })).id);
  }

  console.log(`loading ${EVENTS.toLocaleString('en')} events and ${(EVENTS * WEBHOOKS_PER_EVENT).toLocaleString('en')} deliveries…`);
  const loadStarted = performance.now();
  const end = Date.now() - 60_000;
  const start = end - 7 * 86_400_000;
  const step = (end - start) / EVENTS;
  for (let offset = 0; offset < EVENTS; offset += CHUNK) {
    const events = { id: [] as string[], type: [] as string[], formId: [] as (string | null)[], resourceId: [] as string[], data: [] as string[], createdAt: [] as string[] };
    const deliveries = { id: [] as string[], webhookId: [] as string[], eventId: [] as string[], eventType: [] as string[], status: [] as string[], createdAt: [] as string[] };
    for (let n = offset; n < Math.min(EVENTS, offset + CHUNK); n += 1) {
      const ms = Math.floor(start + n * step);
      const eventId = idAt('evt', ms);
      const type = TYPES[n % TYPES.length];
      const createdAt = new Date(ms).toISOString();
      events.id.push(eventId);
      events.type.push(type);
      events.formId.push(n % 2 === 0 ? formIds[(n / 2) % 5] : null);
      events.resourceId.push(`res-${n % 5_000}`);
      events.createdAt.push(createdAt);
      events.data.push(
        JSON.stringify({
          donor: { email: `donor${n}@example.org`, first_name: `First${n % 997}`, last_name: LAST_NAMES[n % LAST_NAMES.length], phone: `555${String(n).padStart(7, '0')}` },
          order_number: `ORD-${1_000_000 + n}`,
          amount_in_cents: 500 + (n % 20_000),
          currency: 'USD',
          note: 'Thank you for your gift',
        }),
      );
      for (let copy = 0; copy < WEBHOOKS_PER_EVENT; copy += 1) {
        deliveries.id.push(idAt('msg', ms));
        deliveries.webhookId.push(webhookIds[(n + copy * 5) % 10]);
        deliveries.eventId.push(eventId);
        deliveries.eventType.push(type);
        deliveries.status.push(STATUSES[(n + copy) % 10]);
        deliveries.createdAt.push(createdAt);
      }
    }
    await pg.query(
      `insert into "Event" (id, "organizationId", type, "formId", "resourceId", data, "createdAt")
       select id, $1, type, "formId", "resourceId", data::jsonb, "createdAt"::timestamptz
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as e(id, type, "formId", "resourceId", data, "createdAt")`,
      [organizationId, events.id, events.type, events.formId, events.resourceId, events.data, events.createdAt],
    );
    await pg.query(
      `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "lastStatusCode", "createdAt")
       select id, $1, "webhookId", "eventId", "eventType", status::"DeliveryStatus", 1, 200, "createdAt"::timestamptz
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as d(id, "webhookId", "eventId", "eventType", status, "createdAt")`,
      [organizationId, deliveries.id, deliveries.webhookId, deliveries.eventId, deliveries.eventType, deliveries.status, deliveries.createdAt],
    );
  }
  await pg.query('vacuum analyze "Event"');
  await pg.query('vacuum analyze "Delivery"');
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const sizes = (
    await pg.query<{ name: string; mb: number }>(
      `select relname as name, round(pg_relation_size(oid) / 1048576.0, 1)::float8 as mb from pg_class
       where relname in ('Event_data_search_idx', 'Event_formId_idx', 'Event_resourceId_idx', 'Event', 'Delivery')`,
    )
  ).rows;

  const hour = new Date(start + 3.5 * 86_400_000);
  const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
  const rareDonor = Math.floor(EVENTS * 0.37);
  const cases: { name: string; query: Record<string, string>; webhook?: boolean }[] = [
    { name: 'first page, no filter', query: {} },
    { name: 'event type (exact)', query: { event: 'form.submitted' } },
    { name: 'event group (donation.*)', query: { event: 'donation.*' } },
    { name: 'status FAILED', query: { status: 'FAILED' } },
    { name: 'webhook', query: { webhookId: webhookIds[3] } },
    { name: 'form', query: { formId: 'bench-form-2' } },
    { name: 'resource id (1 in 5,000)', query: { resourceId: 'res-4321' } },
    { name: 'time range (one hour, mid-week)', query: { since: seconds(hour), until: seconds(new Date(hour.getTime() + 3_600_000)) } },
    { name: 'status + event + form + time', query: { status: 'FAILED', event: 'donation.*', formId: 'bench-form-1', since: seconds(new Date(start + 86_400_000)) } },
    { name: 'q: one donor’s email', query: { q: `donor${rareDonor}@example.org` } },
    { name: 'q: an order number', query: { q: `ORD-${1_000_000 + rareDonor + 11}` } },
    { name: 'q: a common last name (1 in 10)', query: { q: 'Okafor' } },
    { name: 'q: text that matches nothing', query: { q: 'nobody-at-all@nowhere.test' } },
    { name: 'q + status FAILED + donation.*', query: { q: 'Tanaka', status: 'FAILED', event: 'donation.*' } },
    { name: 'q on one webhook’s list', query: { q: `donor${rareDonor + 3}@example.org` }, webhook: true },
  ];
  const results = [];
  for (const entry of cases) {
    const parsed = ZListDeliveriesQuery.parse(entry.query);
    const run = () => listDeliveries({ organizationId, webhookId: entry.webhook ? webhookIds[(rareDonor + 3) % 10] : undefined, query: parsed, scopes: ALL_SCOPES });
    await run();
    const timings: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      const page = await run();
      timings.push(performance.now() - started);
      rows = page.data.length;
    }
    const serverMs = Number(timings.sort((a, b) => a - b)[2].toFixed(1));
    const target = entry.query.q ? 200 : 50;
    results.push({ name: entry.name, serverMs, rows, target, met: serverMs <= target });
    console.log(`  ${entry.name}: ${serverMs} ms, ${rows} rows (target ≤ ${target} ms)`);
  }
  return { deliveries: EVENTS * WEBHOOKS_PER_EVENT, events: EVENTS, loadSeconds: Number(loadSeconds.toFixed(1)), sizesMb: Object.fromEntries(sizes.map((size) => [size.name, size.mb])), cases: results };
}
