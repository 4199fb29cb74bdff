import { describe, expect, it } from 'vitest';
import { db, pool } from '../lib/db';
import type { AttemptResult } from '../lib/deliveries/attempt-delivery';
import { recordAttempts } from '../lib/deliveries/record-attempts';
import { emitEvent } from '../lib/events/emit';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { deleteWebhook } from '../lib/webhooks/update-webhook';
import { createOrganization } from './support/fixtures';

async function jobOf(deliveryId: string): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(`select id from pgboss.job where name = 'deliveries' and data->>'deliveryId' = $1`, [deliveryId]);
  return rows[0].id;
}

function succeeded(input: { deliveryId: string; webhookId: string; jobId: string }): AttemptResult {
  return {
    ...input,
    trigger: 'initial',
    attempt: 1,
    startedAt: new Date(),
    durationMs: 12,
    request: { url: 'https://example.com/hook', headers: { 'content-type': 'application/json' }, body: '{}' },
    response: { status: 200, headers: {}, body: 'ok', truncated: false },
    error: null,
    succeeded: true,
    retryAfterSeconds: null,
    gone: false,
    retryPolicy: 'fixed',
  };
}

describe('recording attempts', () => {
  it('records a batch whose webhook was deleted while it was in flight: the rest of the batch is kept, the settled jobs leave the queue', async () => {
    const organization = await createOrganization();
    const { row: kept } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/kept', events: ['person.created'], status: 'PAUSED' } });
    const { row: doomed } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/doomed', events: ['person.created'], status: 'PAUSED' } });
    await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { status: 'ACTIVE' } });
    const event = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } } });
    const keptDelivery = event.deliveries.find((delivery) => delivery.webhookId === kept.id)!;
    const doomedDelivery = event.deliveries.find((delivery) => delivery.webhookId === doomed.id)!;
    const results = [
      succeeded({ deliveryId: keptDelivery.id, webhookId: kept.id, jobId: await jobOf(keptDelivery.id) }),
      succeeded({ deliveryId: doomedDelivery.id, webhookId: doomed.id, jobId: await jobOf(doomedDelivery.id) }),
    ];

    await deleteWebhook({ organizationId: organization.id, webhookId: doomed.id });
    console.log('injected: the webhook of one result in the batch was deleted before the batch was recorded');
    await recordAttempts({ results, skipped: [] });

    const delivery = await db.delivery.findUniqueOrThrow({ where: { id: keptDelivery.id }, include: { attempts: true } });
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attempts).toHaveLength(1);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: kept.id } })).successCount).toBe(1);
    const { rows } = await pool().query<{ left: number }>(`select count(*)::int as left from pgboss.job where id = any($1::uuid[])`, [results.map((r) => r.jobId)]);
    expect(rows[0].left).toBe(0);
    console.log('checked: the other delivery recorded SUCCEEDED with its attempt and counter, both jobs settled');
  });
});
