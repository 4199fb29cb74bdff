// Issue 14 item 5: the demo's first start records a lived-in week through the real
// delivery path into the built-in inbox. Checked here against what the console reads:
// deliveries, attempts, inbox requests, webhook states and the dashboard's statistics.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import { seedDemoData } from '../lib/demo/seed-demo-data';
import { getDeliveryStats } from '../lib/stats/delivery-stats';

const DAY_MS = 86_400_000;

describe('the demo history', () => {
  it('spreads a week of real deliveries over 7 days: mostly successes, retried failures, one webhook failing now, one disabled by a 410, test sends, sub-organization events', async () => {
    // The demo's retry delays are the product's own (the test setup shortens them 1,000-fold).
    process.env.TIDINGS_RETRY_SCALE = '1';
    resetEnvCache();
    const started = Date.now();
    const seed = await seedDemoData({ adminEmail: 'admin@example.com', adminPassword: 'history-test-password', baseUrl: 'http://localhost:3999', history: true });
    const seconds = (Date.now() - started) / 1000;
    expect(seed.seeded).toBe(true);
    const demo = await db.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    const east = await db.organization.findUniqueOrThrow({ where: { slug: 'demo-east' } });
    const now = Date.now();

    const deliveries = await db.delivery.findMany({
      where: { organizationId: demo.id, eventType: { not: 'ping' } },
      include: { event: { select: { organizationId: true, createdAt: true } }, webhook: { select: { name: true } }, attempts: { orderBy: { attempt: 'asc' } } },
    });
    const byStatus = (status: string) => deliveries.filter((delivery) => delivery.status === status);
    console.log(
      `checked: seeded with history in ${seconds.toFixed(1)} s: ${deliveries.length} deliveries, ` +
        ['SUCCEEDED', 'FAILED', 'RETRYING', 'PENDING'].map((status) => `${status}=${byStatus(status).length}`).join(' '),
    );

    // Spread over the 7 days: every day of the week has deliveries, none in the future.
    const ages = deliveries.map((delivery) => now - delivery.createdAt.getTime());
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(7 * DAY_MS);
    for (let day = 0; day < 7; day += 1) {
      expect(ages.filter((age) => age >= day * DAY_MS && age < (day + 1) * DAY_MS).length, `deliveries ${day} days ago`).toBeGreaterThan(0);
    }
    for (const delivery of deliveries) expect(delivery.createdAt.getTime()).toBe(delivery.event.createdAt.getTime());

    // Mostly successes, each with a 2xx attempt that the inbox received (same webhook-id), when it was sent.
    expect(byStatus('SUCCEEDED').length / deliveries.length).toBeGreaterThan(0.75);
    const inboxRequests = await db.inboxRequest.findMany({ where: { inbox: { organizationId: demo.id } } });
    const received = new Map(inboxRequests.map((request) => [(request.headers as Record<string, string>)['webhook-id'], request]));
    for (const delivery of byStatus('SUCCEEDED')) {
      const last = delivery.attempts.at(-1)!;
      expect(last.responseStatus).toBeGreaterThanOrEqual(200);
      expect(last.responseStatus).toBeLessThan(300);
      expect(last.startedAt.getTime()).toBeGreaterThanOrEqual(delivery.createdAt.getTime());
      const request = received.get(delivery.id);
      expect(request, `inbox request for ${delivery.id}`).toBeDefined();
      expect(Math.abs(request!.receivedAt.getTime() - last.startedAt.getTime())).toBeLessThan(5_000);
    }

    // Failures that were retried and then went through: the finance ledger's outage among them.
    const retried = byStatus('SUCCEEDED').filter((delivery) => delivery.attempts.length > 1);
    expect(retried.filter((delivery) => delivery.webhook.name === 'Finance ledger' && delivery.attempts[0].responseStatus === 503).length).toBeGreaterThan(0);
    for (const delivery of retried) {
      expect(delivery.attempts[0].responseStatus === null || delivery.attempts[0].responseStatus >= 400).toBe(true);
      expect(delivery.attempts[1].startedAt.getTime()).toBeGreaterThan(delivery.attempts[0].startedAt.getTime());
    }

    // One webhook failing now: active, failing since yesterday, its deliveries waiting for a retry.
    const failing = await db.webhook.findMany({ where: { organizationId: demo.id, status: 'ACTIVE', consecutiveFailures: { gt: 0 } } });
    expect(failing.map((webhook) => webhook.name)).toEqual(['Volunteer onboarding']);
    expect(now - failing[0].failingSince!.getTime()).toBeLessThan(31 * 3_600_000);
    const waiting = deliveries.filter((delivery) => delivery.webhookId === failing[0].id && delivery.status === 'RETRYING');
    expect(waiting.length).toBeGreaterThan(0);
    for (const delivery of waiting) expect(delivery.nextAttemptAt!.getTime()).toBeGreaterThan(now - 60_000);
    expect(deliveries.filter((delivery) => delivery.webhookId === failing[0].id).every((delivery) => delivery.attempts.every((attempt) => attempt.responseStatus === 404))).toBe(true);

    // One disabled by a 410, and the webhook.disabled event that says so.
    const disabled = await db.webhook.findMany({ where: { organizationId: demo.id, status: 'DISABLED' } });
    expect(disabled.map((webhook) => [webhook.name, webhook.disabledReason])).toEqual([['Legacy donor portal', 'The receiver answered 410 Gone']]);
    expect(deliveries.some((delivery) => delivery.webhookId === disabled[0].id && delivery.attempts.at(-1)?.responseStatus === 410)).toBe(true);
    expect(deliveries.some((delivery) => delivery.eventType === 'webhook.disabled')).toBe(true);

    // Test sends, and events of the sub-organization delivered to the parent's webhook.
    expect(deliveries.filter((delivery) => delivery.test).length).toBeGreaterThanOrEqual(3);
    expect(deliveries.filter((delivery) => delivery.event.organizationId === east.id).length).toBeGreaterThan(0);

    // Every history job is settled but the failing webhook's next retries; none is due already.
    const { rows: jobs } = await (await import('../lib/db')).pool().query<{ due: Date; delivery: string }>(
      `select start_after as due, data->>'deliveryId' as delivery from pgboss.job where name = 'deliveries'`,
    );
    const history = new Set(deliveries.map((delivery) => delivery.id));
    const historyJobs = jobs.filter((job) => history.has(job.delivery));
    expect(new Set(historyJobs.map((job) => job.delivery))).toEqual(new Set(waiting.map((delivery) => delivery.id)));

    // The dashboard: deliveries on each of the 7 days' buckets, with successes and failures.
    const stats = await getDeliveryStats({ organizationId: demo.id, timeZone: 'UTC', limit: 50 });
    const busyDays = stats.last7Days.buckets.filter((bucket) => bucket.succeeded + bucket.failed + bucket.pending > 0);
    expect(busyDays.length).toBeGreaterThanOrEqual(7);
    expect(stats.last7Days.totals.succeeded).toBeGreaterThan(0);
    expect(stats.last7Days.totals.failed).toBeGreaterThan(0);
    expect(stats.last24Hours.totals.succeeded).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
