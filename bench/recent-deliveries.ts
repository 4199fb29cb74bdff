// Phase 5, Recent Deliveries over the scale data set (bench/scale-data.ts, 5,000,000
// deliveries by default): the list queries the API runs, timed, with their plans.
import { probeList } from './list-probe';
import type { ScaleData } from './scale-data';

/**
 * Times the Recent Deliveries queries of one webhook (a tenth of the data set): first page,
 * a deep page (50,000 rows in), by status and by event type, through the API's function.
 */
export async function measureRecentDeliveries(data: ScaleData) {
  const { pool } = await import('../lib/db');
  const { encodeCursor } = await import('../lib/http/cursor');
  const webhookId = data.webhookIds[3];
  // 50,000 rows in (or half the webhook's rows, on a smaller data set).
  const depth = Math.min(50_000, Math.floor(data.deliveries / 20));
  const middle = (
    await pool().query<{ id: string }>(`select id from "Delivery" where "webhookId" = $1 order by id desc offset $2 limit 1`, [webhookId, depth])
  ).rows[0].id;
  const cases: { name: string; query: Record<string, string> }[] = [
    { name: 'first page of a webhook', query: {} },
    { name: `deep page (${depth.toLocaleString('en-US')} rows in)`, query: { cursor: encodeCursor(middle) } },
    { name: 'filtered by status FAILED', query: { status: 'FAILED' } },
    { name: 'filtered by event type', query: { event: 'form.submitted' } },
  ];
  const results = [];
  for (const entry of cases) {
    const result = await probeList({ name: entry.name, organizationId: data.organizationId, webhookId, query: entry.query, target: 50, keepPlan: false });
    if (result.rows === 0) throw new Error(`no rows for ${entry.name}`);
    results.push({ ...result, usesIndex: result.indexes.length > 0 });
  }
  return { deliveries: data.deliveries, cases: results };
}
