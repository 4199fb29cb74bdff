import 'server-only';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { pool } from '../db';
import { BOSS_SCHEMA } from '../queue/boss';
import { DELIVERY_QUEUE } from '../queue/queues';

const HELP: Record<string, [type: 'counter' | 'histogram', help: string]> = {
  tidings_attempts_total: ['counter', 'Delivery attempts made, by outcome (succeeded = HTTP 2xx)'],
  tidings_deliveries_total: ['counter', 'Deliveries that reached a final state, by outcome'],
  tidings_retries_scheduled_total: ['counter', 'Retries scheduled after a failed attempt'],
  tidings_webhooks_disabled_total: ['counter', 'Webhooks disabled by Tidings (410 Gone, or failing for days)'],
  tidings_attempt_duration_ms: ['histogram', 'Duration of delivery attempts in milliseconds'],
};

type Globals = { tidingsMetricsRegistry?: Registry };
const globals = globalThis as typeof globalThis & Globals;

function registry(): Registry {
  if (globals.tidingsMetricsRegistry) return globals.tidingsMetricsRegistry;
  const created = new Registry();
  collectDefaultMetrics({ register: created, prefix: 'tidings_web_' });
  // Queue figures are read from PostgreSQL at scrape time: the same for every process.
  new Gauge({
    name: 'tidings_queue_depth',
    help: 'Delivery attempts waiting to be sent now (created or retry, due)',
    registers: [created],
    async collect() {
      const { rows } = await pool().query<{ ready: number; scheduled: number; active: number; oldest: number | null }>(
        `select count(*) filter (where state in ('created', 'retry') and start_after <= now())::int as ready,
                count(*) filter (where state in ('created', 'retry') and start_after > now())::int as scheduled,
                count(*) filter (where state = 'active')::int as active,
                extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry') and start_after <= now()))::float8 as oldest
         from ${BOSS_SCHEMA}.job where name = $1`,
        [DELIVERY_QUEUE],
      );
      this.set({ state: 'ready' }, rows[0].ready);
      this.set({ state: 'scheduled' }, rows[0].scheduled);
      this.set({ state: 'active' }, rows[0].active);
      oldest.set(rows[0].oldest ?? 0);
    },
    labelNames: ['state'],
  });
  const oldest = new Gauge({
    name: 'tidings_queue_oldest_pending_seconds',
    help: 'Age of the oldest delivery attempt that is due and not yet sent',
    registers: [created],
  });
  globals.tidingsMetricsRegistry = created;
  return created;
}

/** Prometheus text exposition: process and queue figures, then the shared delivery counters. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const own = registry();
  const { rows } = await pool().query<{ name: string; labels: string; value: number }>(
    `select name, labels, value from "Metric" order by name, labels`,
  );
  const lines: string[] = [];
  const described = new Set<string>();
  for (const row of rows) {
    const family = row.name.replace(/_(bucket|sum|count)$/, '');
    const meta = HELP[family] ?? HELP[row.name];
    const familyName = HELP[family] ? family : row.name;
    if (meta && !described.has(familyName)) {
      lines.push(`# HELP ${familyName} ${meta[1]}`, `# TYPE ${familyName} ${meta[0]}`);
      described.add(familyName);
    }
    lines.push(`${row.name}${row.labels ? `{${row.labels}}` : ''} ${row.value}`);
  }
  return { body: `${await own.metrics()}\n${lines.join('\n')}\n`, contentType: own.contentType };
}
