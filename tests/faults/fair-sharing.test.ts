// Issue 12.5 (docs/security-model.md#rate-limits "Fair sharing: per-organization caps on requests in flight … so one
// tenant's slow receivers cannot starve another's deliveries"). Organization A has 10
// webhooks whose receivers accept each request and never answer, with a backlog far deeper
// than the worker's concurrency; organization B's deliveries, queued after all of A's, must
// all be delivered before the first of A's hanging requests times out.
//
// Without the per-organization cap the worker gives A's ten webhooks 20 requests each
// (the per-webhook cap): all 200 slots hang for the whole timeout, and B waits behind them.
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { emitEvent } from '../../lib/events/emit';
import { createWebhook } from '../../lib/webhooks/create-webhook';
import { createOrganization } from '../support/fixtures';
import { killHard, spawnWorker, stopAll, waitUntil } from '../support/processes';
import { Receiver } from '../support/receiver';

const A_WEBHOOKS = 10;
const A_EVENTS = 40; // 400 deliveries: 40 per webhook, twice the per-webhook cap
const A_TIMEOUT_SECONDS = 30; // the longest a webhook may have
const B_WEBHOOKS = 4;
const B_EVENTS = 10;
// The worker runs with its defaults: 200 in flight, a quarter of that per organization.
const WORKER_CONCURRENCY = 200;
const DEFAULT_PER_ORGANIZATION = WORKER_CONCURRENCY / 4;

const receivers: Receiver[] = [];

afterAll(async () => {
  await stopAll();
  await Promise.all(receivers.map((receiver) => receiver.stop()));
});

async function startReceiver(): Promise<Receiver> {
  const receiver = await new Receiver().start();
  receivers.push(receiver);
  return receiver;
}

describe('fair sharing between organizations', () => {
  it("another organization's deliveries all complete while one organization's 10 webhooks hang with a deep backlog", async () => {
    const organizationA = await createOrganization();
    const organizationB = await createOrganization();

    const hanging: Receiver[] = [];
    const webhooksA: string[] = [];
    for (let i = 0; i < A_WEBHOOKS; i += 1) {
      const receiver = await startReceiver();
      receiver.reply('/hook', () => ({ hang: true }));
      hanging.push(receiver);
      const { row } = await createWebhook({
        organizationId: organizationA.id,
        data: { url: receiver.url('/hook'), events: ['person.created'], timeoutSeconds: A_TIMEOUT_SECONDS, retryPolicy: 'fixed' },
      });
      webhooksA.push(row.id);
    }
    for (let i = 0; i < A_EVENTS; i += 1) {
      await emitEvent({ organizationId: organizationA.id, type: 'person.created', data: { signup: { id: i } } });
    }
    const backlogA = await db.delivery.count({ where: { webhookId: { in: webhooksA } } });
    const receivedByA = () => hanging.reduce((sum, receiver) => sum + receiver.requests.length, 0);

    const worker = spawnWorker({ TIDINGS_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) });
    // A's hanging requests fill what the worker gives A.
    await waitUntil(() => receivedByA() >= DEFAULT_PER_ORGANIZATION, 60_000, `A's receivers to hold ${DEFAULT_PER_ORGANIZATION} requests`, () => `${receivedByA()} received\n${worker.output().slice(-3000)}`);

    // Now B: its webhooks (each with its ping) and events, all queued after A's backlog.
    const healthy = await startReceiver();
    const webhooksB: string[] = [];
    for (let i = 0; i < B_WEBHOOKS; i += 1) {
      const { row } = await createWebhook({
        organizationId: organizationB.id,
        data: { url: healthy.url(`/b-${i}`), events: ['person.created'], timeoutSeconds: A_TIMEOUT_SECONDS },
      });
      webhooksB.push(row.id);
    }
    for (let i = 0; i < B_EVENTS; i += 1) {
      await emitEvent({ organizationId: organizationB.id, type: 'person.created', data: { signup: { id: 1_000 + i } } });
    }
    const deliveriesB = await db.delivery.count({ where: { webhookId: { in: webhooksB } } });
    console.log(
      `injected: organization A with ${A_WEBHOOKS} webhooks whose receivers never answer (timeout ${A_TIMEOUT_SECONDS} s), ${backlogA} deliveries queued; ` +
        `then organization B with ${B_WEBHOOKS} webhooks to a healthy receiver, ${deliveriesB} deliveries; worker at its defaults (${WORKER_CONCURRENCY} in flight)`,
    );

    const succeededB = () => db.delivery.count({ where: { webhookId: { in: webhooksB }, status: 'SUCCEEDED' } });
    const endedA = () => db.attempt.count({ where: { delivery: { webhookId: { in: webhooksA } } } });
    // The bound only ends a broken run; the assertion is the order below.
    await waitUntil(
      async () => (await succeededB()) === deliveriesB || (await endedA()) > 0,
      (A_TIMEOUT_SECONDS + 30) * 1000,
      `B's ${deliveriesB} deliveries to succeed or A's first attempt to end`,
      async () => `${await succeededB()} of B succeeded, ${await endedA()} of A's attempts ended\n${worker.output().slice(-3000)}`,
    );
    const succeeded = await succeededB();
    const ended = await endedA();
    const inFlightA = receivedByA();
    console.log(
      `checked: when B's deliveries were done (${succeeded}/${deliveriesB} SUCCEEDED, ${healthy.requests.length} requests received), ` +
        `${ended} of A's attempts had ended and A's receivers held ${inFlightA} requests (cap per organization ${DEFAULT_PER_ORGANIZATION})`,
    );
    expect(succeeded, "every one of B's deliveries succeeded").toBe(deliveriesB);
    expect(ended, "none of A's hanging attempts had ended (timed out) before B was done").toBe(0);
    expect(inFlightA, 'A never had more requests in flight than its share').toBeLessThanOrEqual(DEFAULT_PER_ORGANIZATION);
    await killHard(worker);
  }, 180_000);
});
