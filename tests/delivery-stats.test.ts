import { beforeAll, describe, expect, it } from 'vitest';
import * as statsRoute from '../app/api/v1/stats/route';
import { encryptSecret } from '../lib/crypto/secret-box';
import { db } from '../lib/db';
import { createId } from '../lib/ids';
import { generateWebhookSecret } from '../lib/signing/standard-webhooks';
import { getDeliveryStats } from '../lib/stats/delivery-stats';
import { call, createKey, createOrganization } from './support/fixtures';

type Status = 'PENDING' | 'RETRYING' | 'SUCCEEDED' | 'FAILED';

// A fixed "now" two days after the US switched to daylight saving time (8 March 2026),
// so local days in New York are 23 and 24 hours long within the window.
const NOW = new Date('2026-03-10T12:30:00Z');
const minutes = (count: number) => count * 60_000;
const hours = (count: number) => count * 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const unix = (iso: string) => Date.parse(iso) / 1000;

async function createWebhook(organizationId: string, name: string, extra: { status?: 'ACTIVE' | 'PAUSED' | 'DISABLED'; consecutiveFailures?: number } = {}) {
  return db.webhook.create({
    data: {
      id: createId('wh'),
      organizationId,
      name,
      url: `https://example.com/${encodeURIComponent(name)}`,
      events: ['*'],
      secretEncrypted: encryptSecret(generateWebhookSecret()),
      status: extra.status ?? 'ACTIVE',
      consecutiveFailures: extra.consecutiveFailures ?? 0,
      disabledReason: extra.status === 'DISABLED' ? 'The receiver answered 410 Gone' : null,
    },
  });
}

async function insertDeliveries(organizationId: string, webhookId: string, rows: { at: Date; status: Status; count?: number }[]) {
  const event = await db.event.create({ data: { id: createId('evt'), organizationId, type: 'donation.created', data: {} } });
  await db.delivery.createMany({
    data: rows.flatMap((row) =>
      Array.from({ length: row.count ?? 1 }, () => ({
        id: createId('msg'),
        organizationId,
        webhookId,
        eventId: event.id,
        eventType: 'donation.created',
        status: row.status,
        createdAt: row.at,
      })),
    ),
  });
}

let organizationA: string;
let organizationB: string;
let healthy: { id: string };
let failing: { id: string };
let disabled: { id: string };
let streak: { id: string };
let quiet: { id: string };
let otherOrganizationWebhook: { id: string };

beforeAll(async () => {
  organizationA = (await createOrganization()).id;
  organizationB = (await createOrganization()).id;
  healthy = await createWebhook(organizationA, 'Healthy');
  failing = await createWebhook(organizationA, 'Mostly failing');
  disabled = await createWebhook(organizationA, 'Gone', { status: 'DISABLED', consecutiveFailures: 1 });
  streak = await createWebhook(organizationA, 'On a streak', { consecutiveFailures: 7 });
  quiet = await createWebhook(organizationA, 'Quiet');
  otherOrganizationWebhook = await createWebhook(organizationB, 'Other tenant');

  await insertDeliveries(organizationA, healthy.id, [
    { at: ago(minutes(10)), status: 'SUCCEEDED', count: 3 }, // 12:20Z, this hour
    { at: ago(hours(2)), status: 'PENDING' }, // 10:30Z
    { at: ago(hours(2)), status: 'RETRYING' },
    { at: new Date('2026-03-10T03:00:00Z'), status: 'SUCCEEDED' }, // 23:00 on the 9th in New York
    { at: ago(hours(30)), status: 'SUCCEEDED' }, // 9 March 06:30Z: in the 7 days, not the 24 hours
    { at: ago(hours(24 * 9)), status: 'SUCCEEDED', count: 5 }, // too old for either window
    { at: new Date(NOW.getTime() + minutes(5)), status: 'SUCCEEDED' }, // after "now"
  ]);
  await insertDeliveries(organizationA, failing.id, [
    { at: ago(minutes(20)), status: 'FAILED', count: 3 },
    { at: ago(minutes(20)), status: 'SUCCEEDED' },
    { at: new Date('2026-03-05T06:00:00Z'), status: 'FAILED' },
  ]);
  await insertDeliveries(organizationA, disabled.id, [{ at: ago(hours(50)), status: 'FAILED' }]);
  // The other organization's deliveries fall in the same hours and days, many more of them.
  await insertDeliveries(organizationB, otherOrganizationWebhook.id, [
    { at: ago(minutes(10)), status: 'SUCCEEDED', count: 40 },
    { at: ago(hours(2)), status: 'FAILED', count: 40 },
    { at: ago(hours(30)), status: 'PENDING', count: 40 },
  ]);
});

describe('delivery stats', () => {
  it('counts deliveries per outcome by hour over the last 24 hours', async () => {
    const stats = await getDeliveryStats({ organizationId: organizationA, now: NOW });
    const buckets = stats.last24Hours.buckets;
    expect(buckets).toHaveLength(24);
    expect(buckets[0].start).toBe(unix('2026-03-09T13:00:00Z'));
    expect(buckets[23].start).toBe(unix('2026-03-10T12:00:00Z'));
    // Consecutive hours, no gaps.
    for (let index = 1; index < buckets.length; index += 1) expect(buckets[index].start - buckets[index - 1].start).toBe(3600);
    const at = (iso: string) => buckets.find((bucket) => bucket.start === unix(iso));
    expect(at('2026-03-10T12:00:00Z')).toMatchObject({ succeeded: 4, failed: 3, pending: 0 });
    expect(at('2026-03-10T10:00:00Z')).toMatchObject({ succeeded: 0, failed: 0, pending: 2 });
    expect(at('2026-03-10T03:00:00Z')).toMatchObject({ succeeded: 1, failed: 0, pending: 0 });
    expect(stats.last24Hours.totals).toEqual({ succeeded: 5, failed: 3, pending: 2 });
  });

  it('counts deliveries per outcome by day over the last 7 days, in UTC by default', async () => {
    const stats = await getDeliveryStats({ organizationId: organizationA, now: NOW });
    expect(stats.timeZone).toBe('UTC');
    const days = stats.last7Days.buckets;
    expect(days.map((day) => day.start)).toEqual(
      ['04', '05', '06', '07', '08', '09', '10'].map((day) => unix(`2026-03-${day}T00:00:00Z`)),
    );
    expect(days.map(({ succeeded, failed, pending }) => [succeeded, failed, pending])).toEqual([
      [0, 0, 0],
      [0, 1, 0], // 5 March: failing webhook
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 0], // 8 March 10:30Z: the disabled webhook
      [1, 0, 0], // 9 March 06:30Z
      [5, 3, 2], // today, with 03:00Z
    ]);
    expect(stats.last7Days.totals).toEqual({ succeeded: 6, failed: 5, pending: 2 });
  });

  it("cuts days at the reader's midnight, across a daylight saving change", async () => {
    const stats = await getDeliveryStats({ organizationId: organizationA, now: NOW, timeZone: 'America/New_York' });
    const days = stats.last7Days.buckets;
    expect(days.map((day) => day.start)).toEqual([
      unix('2026-03-04T05:00:00Z'),
      unix('2026-03-05T05:00:00Z'),
      unix('2026-03-06T05:00:00Z'),
      unix('2026-03-07T05:00:00Z'),
      unix('2026-03-08T05:00:00Z'),
      unix('2026-03-09T04:00:00Z'), // daylight saving time: UTC-4 from here on
      unix('2026-03-10T04:00:00Z'),
    ]);
    // 03:00Z on the 10th is 23:00 on the 9th in New York; 06:00Z on the 5th is 01:00 that day.
    expect(days[5]).toMatchObject({ succeeded: 2, failed: 0, pending: 0 });
    expect(days[6]).toMatchObject({ succeeded: 4, failed: 3, pending: 2 });
    expect(days[1]).toMatchObject({ failed: 1 });
    expect(stats.last24Hours.buckets[23].start).toBe(unix('2026-03-10T12:00:00Z'));
  });

  it('ranks webhooks failing first, with their volumes and success rates', async () => {
    const stats = await getDeliveryStats({ organizationId: organizationA, now: NOW });
    expect(stats.webhookCount).toBe(5);
    expect(stats.webhooks.map((webhook) => webhook.name)).toEqual(['Gone', 'On a streak', 'Mostly failing', 'Healthy', 'Quiet']);
    const byId = new Map(stats.webhooks.map((webhook) => [webhook.webhookId, webhook]));
    expect(byId.get(healthy.id)).toMatchObject({
      last24Hours: { succeeded: 4, failed: 0, pending: 2 },
      last7Days: { succeeded: 5, failed: 0, pending: 2 },
      successRate: 1,
      daily: [0, 0, 0, 0, 0, 1, 6],
    });
    expect(byId.get(failing.id)).toMatchObject({
      last24Hours: { succeeded: 1, failed: 3, pending: 0 },
      last7Days: { succeeded: 1, failed: 4, pending: 0 },
      successRate: 0.2,
      daily: [0, 1, 0, 0, 0, 0, 4],
    });
    expect(byId.get(disabled.id)).toMatchObject({ status: 'DISABLED', disabledReason: 'The receiver answered 410 Gone', successRate: 0 });
    expect(byId.get(quiet.id)).toMatchObject({ successRate: null, daily: [0, 0, 0, 0, 0, 0, 0] });
    expect(byId.has(otherOrganizationWebhook.id)).toBe(false);

    const limited = await getDeliveryStats({ organizationId: organizationA, now: NOW, limit: 2 });
    expect(limited.webhooks.map((webhook) => webhook.name)).toEqual(['Gone', 'On a streak']);
    expect(limited.webhookCount).toBe(5);
  });

  it("never counts another organization's deliveries", async () => {
    const stats = await getDeliveryStats({ organizationId: organizationB, now: NOW });
    expect(stats.last24Hours.totals).toEqual({ succeeded: 40, failed: 40, pending: 0 });
    expect(stats.last7Days.totals).toEqual({ succeeded: 40, failed: 40, pending: 40 });
    expect(stats.webhooks.map((webhook) => webhook.webhookId)).toEqual([otherOrganizationWebhook.id]);
  });
});

describe('GET /api/v1/stats', () => {
  it("answers with the caller's organization only", async () => {
    const organization = (await createOrganization()).id;
    const webhook = await createWebhook(organization, 'Live');
    await insertDeliveries(organization, webhook.id, [
      { at: new Date(Date.now() - minutes(5)), status: 'SUCCEEDED', count: 2 },
      { at: new Date(Date.now() - minutes(5)), status: 'RETRYING' },
    ]);
    const key = await createKey(organization, ['deliveries:read']);
    const response = await call(statsRoute.GET, { key, path: '/api/v1/stats?tz=Europe/Berlin' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.timeZone).toBe('Europe/Berlin');
    expect(response.body.last24Hours.totals).toEqual({ succeeded: 2, failed: 0, pending: 1 });
    expect(response.body.last7Days.totals).toEqual({ succeeded: 2, failed: 0, pending: 1 });
    expect(response.body.webhooks).toHaveLength(1);
    expect(response.body.webhooks[0]).toMatchObject({ webhookId: webhook.id, name: 'Live', successRate: 1 });
    expect(JSON.stringify(response.body)).not.toContain('secret');

    const other = await call(statsRoute.GET, { key: await createKey(organizationB, ['deliveries:read']), path: '/api/v1/stats' });
    expect(other.body.webhooks.map((row: { webhookId: string }) => row.webhookId)).toEqual([otherOrganizationWebhook.id]);
  });

  it('refuses a key without deliveries:read, no key, and a bad time zone', async () => {
    const forbidden = await call(statsRoute.GET, { key: await createKey(organizationA, ['webhooks:read']), path: '/api/v1/stats' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('insufficient_scope');
    const anonymous = await call(statsRoute.GET, { path: '/api/v1/stats' });
    expect(anonymous.status).toBe(401);
    const key = await createKey(organizationA, ['deliveries:read']);
    const badZone = await call(statsRoute.GET, { key, path: '/api/v1/stats?tz=Mars/Olympus_Mons' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.issues[0].path).toBe('tz');
    const badLimit = await call(statsRoute.GET, { key, path: '/api/v1/stats?limit=0' });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.issues[0].path).toBe('limit');
  });
});
