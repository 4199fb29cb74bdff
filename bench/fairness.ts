// Phase 4b, fair sharing: another organization's deliveries while one organization's receivers hang.
import { once } from 'node:events';
import { startWorkerProcess, type BenchReceiver } from './processes';
import { percentile } from './settings';

/**
 * Fair sharing (issue 12.5): organization A has 10 webhooks whose receivers accept and
 * never answer (timeout 30 s) and 400 deliveries queued; organization B then emits 100
 * events to one webhook at the healthy receiver. Reported: how long B's deliveries take
 * from emit to received while A's backlog hangs, against A's 30 s timeout.
 */
export async function measureFairness(env: NodeJS.ProcessEnv, receiver: BenchReceiver) {
  const http = await import('node:http');
  const { db, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  const { parseEnv } = await import('../lib/env');
  const timeoutSeconds = 30;
  const eventsA = 40;
  const eventsB = 100;
  let hangingRequests = 0;
  const hanging = await Promise.all(
    Array.from({ length: 10 }, () => {
      const server = http.createServer(() => {
        hangingRequests += 1; // and never answered
      });
      return new Promise<import('node:http').Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
    }),
  );
  const organizationA = createId('org');
  const organizationB = createId('org');
  await db.organization.create({ data: { id: organizationA, slug: 'bench-fair-a', name: 'Bench fairness A' } });
  await db.organization.create({ data: { id: organizationB, slug: 'bench-fair-b', name: 'Bench fairness B' } });
  const webhooksA: string[] = [];
  for (const server of hanging) {
    const { port } = server.address() as import('node:net').AddressInfo;
    const { row } = await createWebhook({
      organizationId: organizationA,
      data: { url: `http://127.0.0.1:${port}/hang`, events: ['person.created'], timeoutSeconds, retryPolicy: 'fixed' },
    });
    webhooksA.push(row.id);
  }
  await createWebhook({ organizationId: organizationB, data: { url: `${receiver.url}?fair=b`, events: ['person.created'] } });
  for (let i = 0; i < eventsA; i += 1) await emitEvent({ organizationId: organizationA, type: 'person.created', data: { signup: { id: i } } });
  const perOrganization = parseEnv(env).workerPerOrganizationConcurrency;
  console.log(`fair sharing: ${eventsA * hanging.length} deliveries of organization A to 10 hanging receivers (timeout ${timeoutSeconds} s), then ${eventsB} of B…`);
  const worker = await startWorkerProcess(env);
  const saturateDeadline = Date.now() + 10_000;
  while (hangingRequests < perOrganization && Date.now() < saturateDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await receiver.ask('reset');
  const emittedAt = new Map<string, number>();
  const firstEmit = Date.now();
  for (let i = 0; i < eventsB; i += 1) {
    const at = Date.now();
    const result = await emitEvent({ organizationId: organizationB, type: 'person.created', data: { signup: { id: 1_000 + i } } });
    for (const delivery of result.deliveries) emittedAt.set(delivery.id, at);
  }
  const emitMs = Date.now() - firstEmit;
  const deadline = Date.now() + (timeoutSeconds + 30) * 1000;
  while ((await receiver.ask<{ count: number }>('count')).count < eventsB && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { arrivals } = await receiver.ask<{ arrivals: [string, number][] }>('dump');
  const received = arrivals.filter(([id]) => emittedAt.has(id));
  const latencies = received.map(([id, at]) => at - emittedAt.get(id)!).sort((a, b) => a - b);
  const { rows } = await pool().query<{ ended: number }>(
    `select count(*)::int as ended from "Attempt" a join "Delivery" d on d.id = a."deliveryId" where d."webhookId" = any($1::text[])`,
    [webhooksA],
  );
  worker.kill('SIGKILL');
  await once(worker, 'exit');
  for (const server of hanging) {
    server.closeAllConnections();
    server.close();
  }
  return {
    hangingWebhooks: hanging.length,
    hangingBacklog: eventsA * hanging.length,
    timeoutSeconds,
    perOrganizationConcurrency: perOrganization,
    hangingInFlight: hangingRequests,
    deliveriesB: eventsB,
    receivedB: received.length,
    emitMs,
    allReceivedMs: received.length > 0 ? Math.max(...received.map(([, at]) => at)) - firstEmit : null,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    hangingAttemptsEndedMeanwhile: rows[0].ended,
  };
}

export function describeFairness(fairness: Awaited<ReturnType<typeof measureFairness>>): [string, string, string] {
  return [
    `fair sharing: ${fairness.deliveriesB} deliveries of organization B while A's ${fairness.hangingBacklog} hang (${fairness.hangingWebhooks} webhooks, timeout ${fairness.timeoutSeconds} s)`,
    `emitted over ${fairness.emitMs} ms, all ${fairness.receivedB}/${fairness.deliveriesB} received ${fairness.allReceivedMs} ms after the first emit; emit → received p50 ${fairness.p50Ms} ms, p99 ${fairness.p99Ms} ms; ` +
      `A held ${fairness.hangingInFlight} requests (cap ${fairness.perOrganizationConcurrency}), ${fairness.hangingAttemptsEndedMeanwhile} ended meanwhile`,
    `before A's ${fairness.timeoutSeconds} s timeout`,
  ];
}
