import { describe, expect, it } from 'vitest';
import { db, pool } from '../lib/db';
import { emitEvent } from '../lib/events/emit';
import { createId } from '../lib/ids';
import { createPartitionsAhead, dropExpiredPartitions, listDayPartitions, runRetention } from '../lib/retention/manage-partitions';
import { idFloorAt } from '../lib/stats/id-floor';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { createOrganization } from './support/fixtures';

// Retention that bounds storage (issue 18 item 4): Event, Delivery and Attempt are
// partitioned by day; retention drops whole days (the disk comes back), the next days'
// partitions exist ahead of time, and rows outside any day are still pruned.

const DAY = 86_400_000;
const dayName = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '');

async function partitionOf(table: string, id: string): Promise<string> {
  const { rows } = await pool().query<{ partition: string }>(`select tableoid::regclass::text as partition from "${table}" where id = $1`, [id]);
  return rows[0]?.partition ?? '(none)';
}

/** An event, a delivery and two attempts as they would have been made `daysAgo` days ago (ids carry the time). */
async function rowsFrom(input: { organizationId: string; webhookId: string; daysAgo: number; suffix: string }) {
  const at = new Date(Date.now() - input.daysAgo * DAY);
  const eventId = `${idFloorAt('evt', at)}${input.suffix.padEnd(16, '0')}`;
  const deliveryId = `${idFloorAt('msg', at)}${input.suffix.padEnd(16, '0')}`;
  await pool().query(`insert into "Event" (id, "organizationId", type, data, "createdAt") values ($1, $2, 'person.created', $3, $4)`, [
    eventId,
    input.organizationId,
    JSON.stringify({ person: { note: 'x'.repeat(2000) } }),
    at.toISOString(),
  ]);
  await pool().query(
    `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", status, "attemptCount", "createdAt")
     values ($1, $2, $3, $4, 'person.created', 'SUCCEEDED', 2, $5)`,
    [deliveryId, input.organizationId, input.webhookId, eventId, at.toISOString()],
  );
  for (const attempt of [1, 2]) {
    await pool().query(
      `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody")
       values ($1, $2, $3, 'initial', $4, 5, 'https://example.com/', '{}', $5)`,
      [createId('att'), deliveryId, attempt, at.toISOString(), 'y'.repeat(2000)],
    );
  }
  return { eventId, deliveryId, at };
}

describe('retention by daily partitions', () => {
  it("new days' partitions are created ahead of time, and rows go into their day", async () => {
    const soon = new Date(Date.now() + 20 * DAY);
    const { created } = await createPartitionsAhead({ now: soon, daysAhead: 3 });
    expect(created).toHaveLength(4);
    for (const parent of ['Event', 'Delivery', 'Attempt'] as const) {
      const days = (await listDayPartitions(parent)).map((partition) => dayName(partition.day));
      for (let offset = 0; offset <= 3; offset += 1) expect(days).toContain(dayName(new Date(soon.getTime() + offset * DAY)));
    }
    // Again: nothing new.
    expect((await createPartitionsAhead({ now: soon, daysAhead: 3 })).created).toEqual([]);
    // A day whose rows went to the DEFAULT partition (no worker to make it in time) is skipped; the next ones are made.
    const later = new Date(Date.now() + 40 * DAY);
    const organization0 = await createOrganization();
    await pool().query(`insert into "Event" (id, "organizationId", type, data) values ($1, $2, 'person.created', '{}')`, [`${idFloorAt('evt', later)}${'1'.repeat(16)}`, organization0.id]);
    const catchUp = await createPartitionsAhead({ now: later, daysAhead: 1 });
    expect(catchUp).toEqual({ created: [new Date(later.getTime() + DAY).toISOString().slice(0, 10)], skipped: [later.toISOString().slice(0, 10)] });
    // Today's (the migration made it, and a week ahead) holds what is made now.
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'], status: 'PAUSED' } });
    const emitted = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } }, onlyWebhookId: webhook.id });
    const today = dayName(new Date());
    expect(await partitionOf('Event', emitted.eventId)).toBe(`"Event_p${today}"`);
    expect(await partitionOf('Delivery', emitted.deliveries[0].id)).toBe(`"Delivery_p${today}"`);
  });

  it('dropping an expired day frees its rows and its disk; younger days and the rest are kept', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'], status: 'PAUSED' } });
    // Partitions for two past days (as the worker would have made them then).
    for (const daysAgo of [40, 29]) {
      await pool().query(`select tidings_create_day_partitions($1::date)`, [new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10)]);
    }
    const expired = await rowsFrom({ organizationId: organization.id, webhookId: webhook.id, daysAgo: 40, suffix: 'old' });
    const kept = await rowsFrom({ organizationId: organization.id, webhookId: webhook.id, daysAgo: 29, suffix: 'kept' });
    expect(await partitionOf('Delivery', expired.deliveryId)).toBe(`"Delivery_p${dayName(expired.at)}"`);
    const { rows: attemptPartitions } = await pool().query<{ partition: string }>(`select distinct tableoid::regclass::text as partition from "Attempt" where "deliveryId" = $1`, [expired.deliveryId]);
    expect(attemptPartitions).toEqual([{ partition: `"Attempt_p${dayName(expired.at)}"` }]);
    // A row older than any partition: the DEFAULT partition, pruned by rows.
    const legacy = await rowsFrom({ organizationId: organization.id, webhookId: webhook.id, daysAgo: 500, suffix: 'legacy' });
    expect(await partitionOf('Delivery', legacy.deliveryId)).toBe('"Delivery_default"');
    const recent = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 2 } }, onlyWebhookId: webhook.id });

    const result = await dropExpiredPartitions({ retentionDays: 30 });
    console.log(`checked: retention 30 days dropped delivery days ${result.droppedDeliveryDays.join(', ')}, event days ${result.droppedEventDays.join(', ')}, ${result.bytesFreed} bytes freed`);
    expect(result.droppedDeliveryDays).toContain(expired.at.toISOString().slice(0, 10));
    expect(result.droppedDeliveryDays).not.toContain(kept.at.toISOString().slice(0, 10));
    expect(result.bytesFreed).toBeGreaterThan(0);
    expect(result.defaultRows).toEqual({ deliveries: 1, events: 1 });
    // The expired day's tables are gone, not emptied.
    for (const table of ['Event', 'Delivery', 'Attempt']) {
      const { rows } = await pool().query<{ found: string | null }>(`select to_regclass($1) as found`, [`"${table}_p${dayName(expired.at)}"`]);
      expect(rows[0].found, table).toBeNull();
    }
    // Old rows gone; the rest kept.
    expect(await db.delivery.count({ where: { id: { in: [expired.deliveryId, legacy.deliveryId] } } })).toBe(0);
    expect(await db.attempt.count({ where: { deliveryId: { in: [expired.deliveryId, legacy.deliveryId] } } })).toBe(0);
    expect(await db.event.count({ where: { id: { in: [expired.eventId, legacy.eventId] } } })).toBe(0);
    expect(await db.delivery.count({ where: { id: { in: [kept.deliveryId, recent.deliveries[0].id] } } })).toBe(2);
    expect(await db.attempt.count({ where: { deliveryId: kept.deliveryId } })).toBe(2);
    expect(await db.event.count({ where: { id: { in: [kept.eventId, recent.eventId] } } })).toBe(2);

    // A shorter retention takes the next day too, events one day after their deliveries.
    const second = await runRetention({ retentionDays: 20 });
    expect(second.droppedDeliveryDays).toContain(kept.at.toISOString().slice(0, 10));
    expect(await db.delivery.count({ where: { id: kept.deliveryId } })).toBe(0);
    expect(await db.event.count({ where: { id: kept.eventId } })).toBe(0);
    expect(await db.delivery.count({ where: { id: recent.deliveries[0].id } })).toBe(1);
  });

  it('deleting a webhook still removes its deliveries and their attempts in every partition', async () => {
    const organization = await createOrganization();
    const { row: webhook } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'], status: 'PAUSED' } });
    await pool().query(`select tidings_create_day_partitions($1::date)`, [new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10)]);
    const older = await rowsFrom({ organizationId: organization.id, webhookId: webhook.id, daysAgo: 3, suffix: 'cascade' });
    const legacy = await rowsFrom({ organizationId: organization.id, webhookId: webhook.id, daysAgo: 600, suffix: 'cascadelegacy' });
    await db.webhook.delete({ where: { id: webhook.id } });
    expect(await db.delivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    expect(await db.attempt.count({ where: { deliveryId: { in: [older.deliveryId, legacy.deliveryId] } } })).toBe(0);
  });
});
