import 'server-only';
import type pg from 'pg';
import type { AttemptResult } from '../deliveries/attempt-delivery';

// Delivery counters live in the Metric table, incremented in the transaction that
// records the attempts: exact, shared by every worker process, and kept across restarts.

export const ATTEMPT_DURATION_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

export type MetricIncrement = { name: string; labels: string; value: number };

export function attemptMetricIncrements(input: {
  results: AttemptResult[];
  deliveryStatuses: string[];
  retriesScheduled: number;
  webhooksDisabled: number;
}): MetricIncrement[] {
  const totals = new Map<string, MetricIncrement>();
  const add = (name: string, labels: string, value: number) => {
    if (value === 0) return;
    const key = `${name}\u0001${labels}`;
    const current = totals.get(key) ?? { name, labels, value: 0 };
    current.value += value;
    totals.set(key, current);
  };
  // Counted in plain numbers first: a batch holds hundreds of results.
  let succeeded = 0;
  let durationSum = 0;
  const buckets = ATTEMPT_DURATION_BUCKETS_MS.map(() => 0);
  for (const result of input.results) {
    if (result.succeeded) succeeded += 1;
    durationSum += result.durationMs;
    for (let index = 0; index < ATTEMPT_DURATION_BUCKETS_MS.length; index += 1) {
      if (result.durationMs <= ATTEMPT_DURATION_BUCKETS_MS[index]) buckets[index] += 1;
    }
  }
  const attempts = input.results.length;
  add('tidings_attempts_total', 'outcome="succeeded"', succeeded);
  add('tidings_attempts_total', 'outcome="failed"', attempts - succeeded);
  ATTEMPT_DURATION_BUCKETS_MS.forEach((bound, index) => add('tidings_attempt_duration_ms_bucket', `le="${bound}"`, buckets[index]));
  add('tidings_attempt_duration_ms_bucket', 'le="+Inf"', attempts);
  add('tidings_attempt_duration_ms_sum', '', durationSum);
  add('tidings_attempt_duration_ms_count', '', attempts);
  for (const status of input.deliveryStatuses) {
    if (status === 'SUCCEEDED' || status === 'FAILED') add('tidings_deliveries_total', `outcome="${status.toLowerCase()}"`, 1);
  }
  add('tidings_retries_scheduled_total', '', input.retriesScheduled);
  add('tidings_webhooks_disabled_total', '', input.webhooksDisabled);
  return [...totals.values()];
}

export async function incrementMetrics(client: pg.PoolClient, increments: MetricIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  // Sorted, so concurrent workers lock the rows in one order and never deadlock.
  const sorted = [...increments].sort((a, b) => (a.name + a.labels).localeCompare(b.name + b.labels));
  await client.query(
    `insert into "Metric" (name, labels, value)
     select * from unnest($1::text[], $2::text[], $3::float8[])
     on conflict (name, labels) do update set value = "Metric".value + excluded.value`,
    [sorted.map((i) => i.name), sorted.map((i) => i.labels), sorted.map((i) => i.value)],
  );
}
