// A process's first burst of events must not wait forever. Events are enqueued inside the
// transaction that stores them, and the queue publisher starts on first use with a query of
// its own: when the first burst holds every connection of the pool, that start must not need
// another one (it did: a fresh `npm run web` hit by 10 concurrent POST /events never answered).
import { describe, expect, it } from 'vitest';
import { pool } from '../lib/db';
import { getEventType } from '../lib/events/catalog/definitions';
import { emitEvent } from '../lib/events/emit';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { createOrganization } from './support/fixtures';

describe('the first burst of a process', () => {
  it('enqueues from twice as many concurrent transactions as the pool has connections', async () => {
    const organization = await createOrganization();
    await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/first-burst', events: ['*'] } });
    const connections = pool().options.max;
    const burst = Array.from({ length: connections * 2 }, () =>
      emitEvent({ organizationId: organization.id, type: 'contact.created', data: getEventType('contact.created')!.sample() }),
    );
    const outcome = await Promise.race([
      Promise.all(burst).then((results) => `${results.filter((result) => result.deliveries.length === 1).length} emitted`),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 20 s'), 20_000)),
    ]);
    expect(outcome).toBe(`${connections * 2} emitted`);
    console.log(`checked: ${connections * 2} concurrent first emits on a pool of ${connections} → ${outcome}`);
  });
});
