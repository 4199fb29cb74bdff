// One probe of the deliveries list (Recent Deliveries or search): the product's function
// timed (median of 5 after a warm-up), and the plan of exactly the statement it runs
// (EXPLAIN (ANALYZE, BUFFERS)), with the indexes that plan reads.
import type { ListDeliveriesQuery } from '../lib/deliveries/list-deliveries';

export type ProbeResult = {
  name: string;
  serverMs: number;
  rows: number;
  target: number;
  met: boolean;
  planMs: number;
  /** The indexes the plan reads (partition indexes named by their parent's where one is). */
  indexes: string[];
  plan?: string;
};

export async function probeList(input: {
  name: string;
  organizationId: string;
  webhookId?: string;
  query: Record<string, string>;
  target: number;
  keepPlan: boolean;
}): Promise<ProbeResult> {
  const { pool } = await import('../lib/db');
  const { listDeliveries, deliveryListStatement, ZListDeliveriesQuery } = await import('../lib/deliveries/list-deliveries');
  const { ALL_SCOPES } = await import('../lib/auth/scopes');
  const parsed: ListDeliveriesQuery = ZListDeliveriesQuery.parse(input.query);
  const call = { organizationId: input.organizationId, webhookId: input.webhookId, query: parsed, scopes: ALL_SCOPES };
  await listDeliveries(call);
  const timings: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const page = await listDeliveries(call);
    timings.push(performance.now() - started);
    rows = page.data.length;
  }
  const serverMs = Number(timings.sort((a, b) => a - b)[2].toFixed(1));
  const statement = await deliveryListStatement(call);
  const explained = await pool().query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, format text) ${statement.text}`, statement.values);
  const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
  const indexes = [...new Set([...plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "?([\w]+)"?/g)].map((match) => match[1].replace(/_p\d{8}_/, '_<day>_').replace(/^(Event|Delivery)_default_/, '$1_<default>_')))];
  const result: ProbeResult = {
    name: input.name,
    serverMs,
    rows,
    target: input.target,
    met: serverMs <= input.target,
    planMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 'NaN'),
    indexes,
  };
  if (input.keepPlan || !result.met) result.plan = plan;
  console.log(`  ${input.name}: ${serverMs} ms, ${rows} rows (target ≤ ${input.target} ms; plan ${result.planMs} ms; ${indexes.join(', ')})`);
  if (!result.met || process.env.BENCH_PLANS === '1') console.log(plan.replace(/^/gm, '    '));
  return result;
}
