import { describe, expect, it } from 'vitest';
import * as metricsRoute from '../app/api/metrics/route';
import { db } from '../lib/db';
import { env } from '../lib/env';
import { stampClientAddress } from '../lib/http/client-address';
import { emitEvent } from '../lib/events/emit';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

const { receiver } = withWorkerAndReceiver();

async function scrape(): Promise<Map<string, number>> {
  // As our web server hands a scrape from this machine to the app (tests/faults/metrics-access.test.ts
  // has who else may read them).
  const response = await metricsRoute.GET(new Request('http://localhost/api/metrics', { headers: stampClientAddress('127.0.0.1', env().NEXTAUTH_SECRET!) }));
  expect(response.status).toBe(200);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

describe('/api/metrics', () => {
  it('moves the delivery counters by exactly the deliveries made', async () => {
    const organization = await createOrganization();
    receiver.reply('/ok', () => ({ status: 200 }));
    receiver.reply('/gone', () => ({ status: 410 }));
    await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/ok'), events: ['person.created'] } });
    await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/gone'), events: ['person.created'] } });
    const before = await scrape();
    const count = (values: Map<string, number>, name: string) => values.get(name) ?? 0;

    for (let i = 0; i < 3; i += 1) await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: i } } });
    // 3 to /ok succeed; the first to /gone fails with 410 and disables it, so 1 attempt there (the others are not sent).
    for (;;) {
      const settled = await db.delivery.count({ where: { organizationId: organization.id, status: { in: ['SUCCEEDED', 'FAILED'] } } });
      if (settled === 6) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await scrape();
    const gone = await db.attempt.count({ where: { delivery: { organizationId: organization.id }, responseStatus: 410 } });
    expect(count(after, 'tidings_attempts_total{outcome="succeeded"}') - count(before, 'tidings_attempts_total{outcome="succeeded"}')).toBe(3);
    expect(count(after, 'tidings_attempts_total{outcome="failed"}') - count(before, 'tidings_attempts_total{outcome="failed"}')).toBe(gone);
    expect(count(after, 'tidings_deliveries_total{outcome="succeeded"}') - count(before, 'tidings_deliveries_total{outcome="succeeded"}')).toBe(3);
    expect(count(after, 'tidings_deliveries_total{outcome="failed"}') - count(before, 'tidings_deliveries_total{outcome="failed"}')).toBe(3);
    expect(count(after, 'tidings_webhooks_disabled_total') - count(before, 'tidings_webhooks_disabled_total')).toBe(1);
    expect(count(after, 'tidings_attempt_duration_ms_count') - count(before, 'tidings_attempt_duration_ms_count')).toBe(3 + gone);
    expect(after.get('tidings_attempt_duration_ms_bucket{le="+Inf"}')).toBe(after.get('tidings_attempt_duration_ms_count'));
    expect(after.has('tidings_queue_depth{state="ready"}')).toBe(true);
    expect(after.has('tidings_queue_oldest_pending_seconds')).toBe(true);
  });
});
