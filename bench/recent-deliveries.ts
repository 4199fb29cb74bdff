// Phase 5, Recent Deliveries with 1,000,000 deliveries stored: the list queries the API runs, timed, with their plans.

/**
 * Loads 1,000,000 deliveries (spread over 10 webhooks, four statuses and six event
 * types), then times the Recent Deliveries queries the API runs: first page, a deep
 * page, by status and by event type, through the same lib function, with their plans.
 */
export async function measureRecentDeliveries() {
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const pg = pool();
  const { listDeliveries, ZListDeliveriesQuery } = await import('../lib/deliveries/list-deliveries');
  const { ALL_SCOPES } = await import('../lib/auth/scopes');
  const { encodeCursor } = await import('../lib/http/cursor');
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: 'bench-million', name: 'Bench million' } });
  const webhookIds: string[] = [];
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  for (let i = 0; i < 10; i += 1) {
    webhookIds.push((await createWebhook({ organizationId, data: { url: `https://example.com/${i}`, events: ['*'] } })).row.id);
  }
  const eventId = createId('evt');
  await pg.query(`insert into "Event" (id, "organizationId", type, data) values ($1, $2, 'donation.created', '{}')`, [eventId, organizationId]);
  console.log('loading 1,000,000 deliveries…');
  const types = ['donation.created', 'registration.created', 'person.created', 'contact.tag_added', 'subscription.processed', 'form.submitted'];
  for (let chunk = 0; chunk < 10; chunk += 1) {
    await pg.query(
      `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "lastStatusCode", "createdAt")
       select 'msg_' || lpad(to_hex($5::bigint * 100000 + g), 26, '0'), $1, ($2::text[])[1 + g % 10], $3, ($4::text[])[1 + (g / 100) % 6],
              (array['SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','FAILED','RETRYING','PENDING','SUCCEEDED'])[1 + (g / 10) % 10]::"DeliveryStatus",
              1, 200, now() - make_interval(secs => (1000000 - ($5::bigint * 100000 + g)) / 10.0)
       from generate_series(0, 99999) as g`,
      [organizationId, webhookIds, eventId, types, chunk],
    );
  }
  await pg.query('analyze "Delivery"');
  const webhookId = webhookIds[3];
  const middle = (await pg.query<{ id: string }>(`select id from "Delivery" where "webhookId" = $1 order by id desc offset 50000 limit 1`, [webhookId])).rows[0].id;
  const cases = [
    { name: 'first page of a webhook', query: {}, sql: `"webhookId" = $1` },
    { name: 'deep page (50,000 rows in)', query: { cursor: encodeCursor(middle) }, sql: `"webhookId" = $1 and id < '${middle}'` },
    { name: 'filtered by status FAILED', query: { status: 'FAILED' }, sql: `"webhookId" = $1 and status = 'FAILED'` },
    { name: 'filtered by event type', query: { event: 'form.submitted' }, sql: `"webhookId" = $1 and "eventType" = 'form.submitted'` },
  ];
  const results = [];
  for (const entry of cases) {
    const parsed = ZListDeliveriesQuery.parse(entry.query);
    await listDeliveries({ organizationId, webhookId, query: parsed, scopes: ALL_SCOPES });
    const timings: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      const page = await listDeliveries({ organizationId, webhookId, query: parsed, scopes: ALL_SCOPES });
      timings.push(performance.now() - started);
      if (page.data.length === 0) throw new Error(`no rows for ${entry.name}`);
    }
    const plan = await pg.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, format text) select * from "Delivery" where "organizationId" = $2 and ${entry.sql} order by id desc limit 26`,
      [webhookId, organizationId],
    );
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    results.push({
      name: entry.name,
      serverMs: Number(timings.sort((a, b) => a - b)[2].toFixed(1)),
      planMs: Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? 'NaN'),
      usesIndex: /Index/.test(text),
    });
  }
  return { deliveries: 1_000_000, cases: results };
}
