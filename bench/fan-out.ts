// Phase 4, fan-out: one event to 1,000 webhooks, until all are received (the worker already running).
import type { BenchReceiver } from './processes';

/** Milliseconds from the emit until the receiver has all 1,000 deliveries (or 60 s passed). */
export async function measureFanOut(receiver: BenchReceiver): Promise<number> {
  const { db } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  await receiver.ask('reset');
  const fanOrg = createId('org');
  await db.organization.create({ data: { id: fanOrg, slug: 'bench-fanout', name: 'Bench fan-out' } });
  console.log('creating 1,000 webhooks for the fan-out…');
  for (let i = 0; i < 1000; i += 1) {
    await createWebhook({ organizationId: fanOrg, data: { url: `${receiver.url}?fan=${i}`, events: ['registration.created'] } });
  }
  const fanStarted = Date.now();
  await emitEvent({ organizationId: fanOrg, type: 'registration.created', data: (await import('../lib/events/catalog/definitions')).getEventType('registration.created')!.sample() });
  while ((await receiver.ask<{ count: number }>('count')).count < 1000 && Date.now() - fanStarted < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - fanStarted;
}
