// Ingestion through the real route handlers (API key, rate limit, body parsing, checks, the
// commit with fsync and synchronous_commit on), each event matching one webhook. No worker
// runs: the figure is durable events (with their deliveries and queue jobs) per second, and
// the CPU each process spent per event.
//   - batch: POST /events/batch, batches of 100, a few at a time;
//   - single: POST /events, one event per request, 16 concurrent clients (each its own
//     organization, API key and webhook). Each key is given the highest rate limit
//     (MAX_API_KEY_RATE_LIMIT a minute), as a host platform's producer key would be: the
//     figure is what Tidings ingests, not what the default limit allows; the run prints it.
import { cpuSeconds } from './cpu-seconds';
import { BATCH_CONCURRENCY, BATCH_COUNT, BATCH_SIZE, SINGLE_CLIENTS, SINGLE_EVENTS_PER_CLIENT } from './settings';

type IngestionClient = { organizationId: string; token: string };

/** One organization per client, with one webhook for donation.created and an API key. */
async function createIngestionClients(receiverUrl: string, label: string, count: number): Promise<IngestionClient[]> {
  const { db } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createApiKey } = await import('../lib/api-keys/create-api-key');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { MAX_API_KEY_RATE_LIMIT } = await import('../lib/api-keys/api-key-schema');
  const clients: IngestionClient[] = [];
  for (let client = 0; client < count; client += 1) {
    const organizationId = createId('org');
    await db.organization.create({ data: { id: organizationId, slug: `bench-${label}-${client}`, name: `Bench ${label} ${client}` } });
    await createWebhook({ organizationId, data: { url: `${receiverUrl}?${label}=${client}`, events: ['donation.created'], pingOnCreate: false } });
    const { token } = await createApiKey({ organizationId, name: `bench ${label}`, scopes: ['events:write'], rateLimitPerMinute: MAX_API_KEY_RATE_LIMIT });
    clients.push({ organizationId, token });
  }
  console.log(`[${label}] ${count} API key${count === 1 ? '' : 's'} (events:write), one per client, each limited to ${MAX_API_KEY_RATE_LIMIT.toLocaleString('en-US')} requests a minute`);
  return clients;
}

async function countEvents(organizationIds: string[]): Promise<number> {
  const { pool } = await import('../lib/db');
  const { rows } = await pool().query<{ count: number }>('select count(*)::int as count from "Event" where "organizationId" = any($1::text[])', [organizationIds]);
  return rows[0].count;
}

/**
 * Runs `ingest` against `clients` (warmed up by the caller), checks that `expected` events
 * were stored, removes what it queued and the organizations, and answers the rate and the
 * CPU milliseconds per event by process (PostgreSQL; `bench` is this process, the web process).
 */
async function timeIngestion(input: { pgDirectory: string; label: string; clients: IngestionClient[]; expected: number; pgStats: boolean; ingest: () => Promise<void> }) {
  const { db, pool } = await import('../lib/db');
  const { BOSS_SCHEMA } = await import('../lib/queue/boss');
  const { DELIVERY_QUEUE } = await import('../lib/queue/queues');
  const organizationIds = input.clients.map((client) => client.organizationId);
  const before = await countEvents(organizationIds);
  if (input.pgStats) await pool().query('create extension if not exists pg_stat_statements; select pg_stat_statements_reset()');
  const cpuBefore = await cpuSeconds(input.pgDirectory, { bench: [process.pid] });
  const started = performance.now();
  await input.ingest();
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await cpuSeconds(input.pgDirectory, { bench: [process.pid] });
  if (input.pgStats) {
    const { rows: statements } = await pool().query<{ ms: number; calls: number; query: string }>(
      `select round(total_exec_time)::int as ms, calls::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as query from pg_stat_statements order by total_exec_time desc limit 12`,
    );
    console.log(`[${input.label}] PostgreSQL time by statement (${seconds.toFixed(1)} s):`);
    for (const row of statements) console.log(`  ${String(row.ms).padStart(6)} ms ${String(row.calls).padStart(6)} calls  ${row.query}`);
  }
  const stored = (await countEvents(organizationIds)) - before;
  const { rows } = await pool().query<{ count: number }>(`select count(*)::int as count from "Delivery" where "organizationId" = any($1::text[])`, [organizationIds]);
  if (stored !== input.expected) throw new Error(`[${input.label}] stored ${stored} events of ${input.expected}`);
  // What it queued is not the drains' to deliver: their progress counter is global, so
  // leftover deliveries would end the one-worker drain early and spill into the next.
  await pool().query(
    `delete from ${BOSS_SCHEMA}.job where name = $1 and data->>'deliveryId' in (select id from "Delivery" where "organizationId" = any($2::text[]))`,
    [DELIVERY_QUEUE, organizationIds],
  );
  await db.organization.deleteMany({ where: { id: { in: organizationIds } } });
  const cpuMsPerEvent = Object.fromEntries(
    Object.keys(cpuAfter).map((name) => [name, Number((((cpuAfter[name] - (cpuBefore[name] ?? 0)) * 1000) / stored).toFixed(3))]),
  );
  return { events: stored, deliveries: rows[0].count, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(stored / seconds), cpuMsPerEvent };
}

/** Calls a route handler as Next.js would, with the client's API key. */
function post(handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string, token: string, body: unknown) {
  return handler(
    new Request(`http://localhost${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

const donation = (id: number) => ({ type: 'donation.created', data: { donation: { id, amount_in_cents: 2500 } } });

export type BatchIngestionResult = Awaited<ReturnType<typeof measureBatchIngestion>>;

export async function measureBatchIngestion(pgDirectory: string, receiverUrl: string, pgStats = false) {
  const { POST } = await import('../app/api/v1/events/batch/route');
  const [client] = await createIngestionClients(receiverUrl, 'batch', 1);
  const send = async (batch: number) => {
    const response = await post(POST, '/api/v1/events/batch', client.token, { events: Array.from({ length: BATCH_SIZE }, (_, index) => donation(batch * BATCH_SIZE + index)) });
    const body = (await response.json()) as { results: { eventId?: string; deliveries?: number }[] };
    if (response.status !== 200 || body.results.some((result) => result.deliveries !== 1)) {
      throw new Error(`batch ${batch}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  // Warm up: the route's modules, the key's lookup, the statements.
  for (let batch = 0; batch < 3; batch += 1) await send(-1 - batch);
  console.log(`[batch] ${BATCH_COUNT} batches of ${BATCH_SIZE} events, ${BATCH_CONCURRENCY} at a time…`);
  let next = 0;
  const timed = await timeIngestion({
    pgDirectory,
    label: 'batch',
    clients: [client],
    expected: BATCH_COUNT * BATCH_SIZE,
    pgStats,
    ingest: async () => {
      await Promise.all(
        Array.from({ length: BATCH_CONCURRENCY }, async () => {
          while (next < BATCH_COUNT) {
            next += 1;
            await send(next);
          }
        }),
      );
    },
  });
  return { batchSize: BATCH_SIZE, batches: BATCH_COUNT, concurrency: BATCH_CONCURRENCY, ...timed };
}

export function describeBatchIngestion(result: BatchIngestionResult): [string, string, string] {
  return [
    `batch ingestion (POST /events/batch, ${result.batchSize} per batch, one match each, ${result.concurrency} concurrent)`,
    `${result.eventsPerSecond.toLocaleString('en-US')} durable events/s (CPU ms per event: ${describeCpu(result.cpuMsPerEvent)})`,
    '≥ 10,000 events/s',
  ];
}

export type SingleIngestionResult = Awaited<ReturnType<typeof measureSingleIngestion>>;

/** POST /events, one event per request: SINGLE_CLIENTS clients each sending its events one after another. */
export async function measureSingleIngestion(pgDirectory: string, receiverUrl: string, pgStats = false) {
  const { POST } = await import('../app/api/v1/events/route');
  const clients = await createIngestionClients(receiverUrl, 'single', SINGLE_CLIENTS);
  const send = async (client: IngestionClient, id: number) => {
    const response = await post(POST, '/api/v1/events', client.token, donation(id));
    const body = (await response.json()) as { eventId?: string; deliveries?: number };
    if (response.status !== 202 || body.deliveries !== 1) throw new Error(`event ${id}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  };
  // Warm up: each key's lookup, the statements.
  for (const [index, client] of clients.entries()) await send(client, -1 - index);
  console.log(`[single] ${SINGLE_CLIENTS} clients × ${SINGLE_EVENTS_PER_CLIENT} events, one request each…`);
  const timed = await timeIngestion({
    pgDirectory,
    label: 'single',
    clients,
    expected: SINGLE_CLIENTS * SINGLE_EVENTS_PER_CLIENT,
    pgStats,
    ingest: async () => {
      await Promise.all(
        clients.map(async (client, index) => {
          for (let event = 0; event < SINGLE_EVENTS_PER_CLIENT; event += 1) await send(client, index * SINGLE_EVENTS_PER_CLIENT + event);
        }),
      );
    },
  });
  return { clients: SINGLE_CLIENTS, ...timed };
}

export function describeSingleIngestion(result: SingleIngestionResult): [string, string, string] {
  return [
    `single-event ingestion (POST /events, one match each, ${result.clients} concurrent clients)`,
    `${result.eventsPerSecond.toLocaleString('en-US')} durable events/s (CPU ms per event: ${describeCpu(result.cpuMsPerEvent)})`,
    '≥ 1,500 events/s',
  ];
}

function describeCpu(cpuMsPerEvent: Record<string, number>): string {
  return `PostgreSQL ${cpuMsPerEvent.postgres}, web ${cpuMsPerEvent.bench}`;
}
