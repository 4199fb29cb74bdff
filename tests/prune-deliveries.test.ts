import { describe, expect, it } from 'vitest';
import { db, pool } from '../lib/db';
import { pruneDeliveries } from '../lib/deliveries/prune-deliveries';
import { emitEvent } from '../lib/events/emit';
import { createId } from '../lib/ids';
import { idFloorAt } from '../lib/stats/id-floor';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { createOrganization } from './support/fixtures';

const DAY = 86_400_000;

/** A delivery (with one attempt) as it would have been created `daysAgo` days ago: its id carries that time. */
async function oldDelivery(input: { organizationId: string; webhookId: string; eventId: string; daysAgo: number; suffix: string }) {
  const at = new Date(Date.now() - input.daysAgo * DAY);
  const id = `${idFloorAt('msg', at)}${input.suffix.padEnd(16, '0')}`;
  await pool().query(
    `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "createdAt")
     values ($1, $2, $3, $4, 'person.created', 'SUCCEEDED', 1, $5)`,
    [id, input.organizationId, input.webhookId, input.eventId, at],
  );
  await pool().query(
    `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody")
     values ($1, $2, 1, 'initial', $3, 5, 'https://example.com/', '{}', '{}')`,
    [createId('att'), id, at],
  );
  return id;
}

describe('retention', () => {
  it('prunes deliveries, their attempts and their events once older than the retention, and keeps the rest', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'], status: 'PAUSED' } });
    const oldEventId = createId('evt');
    await pool().query(
      `insert into "Event" (id, "organizationId", type, data, "createdAt") values ($1, $2, 'person.created', '{}', $3)`,
      [oldEventId, organization.id, new Date(Date.now() - 40 * DAY)],
    );
    const expired = await oldDelivery({ organizationId: organization.id, webhookId: webhook.id, eventId: oldEventId, daysAgo: 40, suffix: 'a' });
    const kept = await oldDelivery({ organizationId: organization.id, webhookId: webhook.id, eventId: oldEventId, daysAgo: 29, suffix: 'b' });
    const recent = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } }, onlyWebhookId: webhook.id });

    const first = await pruneDeliveries({ retentionDays: 30 });
    console.log(`checked: retention 30 days pruned ${first.deliveries} delivery(ies) and ${first.events} event(s)`);
    const remaining = (await db.delivery.findMany({ where: { organizationId: organization.id }, select: { id: true } })).map((row) => row.id);
    expect(remaining).not.toContain(expired);
    expect(remaining).toContain(kept);
    expect(remaining).toContain(recent.deliveries[0].id);
    expect(await db.attempt.count({ where: { deliveryId: expired } })).toBe(0);
    expect(await db.attempt.count({ where: { deliveryId: kept } })).toBe(1);
    // The old event still has a delivery inside the retention: it stays.
    expect(await db.event.count({ where: { id: oldEventId } })).toBe(1);

    const second = await pruneDeliveries({ retentionDays: 20 });
    expect(second.deliveries).toBeGreaterThanOrEqual(1);
    expect(await db.delivery.count({ where: { id: kept } })).toBe(0);
    expect(await db.event.count({ where: { id: oldEventId } })).toBe(0);
    expect(await db.delivery.count({ where: { id: recent.deliveries[0].id } })).toBe(1);
  });
});
