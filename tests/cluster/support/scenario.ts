// One failure scenario against the cluster, shared by the cluster test files: a webhook of
// its own to the verifying receiver, steady load through the load balancer, the failure,
// then every accepted event must arrive (tests/cluster/support/load.ts counts).
import { expect, inject } from 'vitest';
import { readState, type ClusterState } from '../../../scripts/cluster/harness';
import { countScenario, LoadClient, printCounts, VerifyingReceiver, type ScenarioCounts } from './load';

export const RATE_PER_SECOND = 20;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type ClusterContext = {
  state: ClusterState;
  webUrl: string;
  apiKey: string;
  sample: unknown;
  receiver: VerifyingReceiver;
  receiverUrl: string;
  results: ScenarioCounts[];
};

/** An organization and API key (written through the load balancer), the receiver, a sample event. */
export async function openClusterContext(): Promise<ClusterContext> {
  process.env.DATABASE_URL = inject('clusterDatabaseUrl');
  const { createOrganization, createKey } = await import('../../support/fixtures');
  const organization = await createOrganization({ slug: `cluster-${Date.now()}` });
  const apiKey = await createKey(organization.id);
  const { closeDb } = await import('../../../lib/db');
  await closeDb();
  const webUrl = inject('clusterWebUrl');
  const response = await fetch(`${webUrl}/api/v1/event-types/person.created/sample`, { headers: { authorization: `Bearer ${apiKey}` } });
  const sample = ((await response.json()) as { data: unknown }).data;
  const receiver = new VerifyingReceiver(inject('clusterHostAddress'));
  const receiverUrl = await receiver.start();
  return { state: readState()!, webUrl, apiKey, sample, receiver, receiverUrl, results: [] };
}

export async function closeClusterContext(context: ClusterContext | undefined): Promise<void> {
  await context?.receiver.stop();
  if (context && context.results.length > 0) {
    console.log('\n[cluster test] summary');
    console.table(context.results.map(({ notes: _notes, refusedBy: _refusedBy, ...counts }) => counts));
  }
}

/**
 * Load for 5 s, then `failure` (which returns notes for the printout: what recovered
 * when), 5 s more, then every accepted event must reach the receiver, signed.
 */
export async function scenario(
  context: ClusterContext,
  name: string,
  failure: () => Promise<string>,
  options: { receiverDelayMs?: number } = {},
): Promise<ScenarioCounts> {
  const { webUrl, apiKey, receiver } = context;
  const pathName = `/${name.replaceAll(' ', '-')}`;
  const created = await fetch(`${webUrl}/api/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${context.receiverUrl}${pathName}`, events: ['person.created'], pingOnCreate: false, timeoutSeconds: 10 }),
  });
  expect(created.status).toBe(201);
  const webhook = (await created.json()) as { webhookId: string; secret: string };
  receiver.expect(pathName, webhook.secret);
  receiver.delayMs = options.receiverDelayMs ?? 0;

  const load = new LoadClient({ webUrl, apiKey, ratePerSecond: RATE_PER_SECOND, data: context.sample, type: 'person.created', label: name.replaceAll(' ', '-') });
  await sleep(5_000);
  const failureAt = Date.now();
  const notes = await failure();
  await sleep(5_000);
  await load.stop();
  receiver.delayMs = 0;

  const accepted = new Set(load.emitted.flatMap((emitted) => [...emitted.eventIds]));
  const mine = () => receiver.deliveries.filter((delivery) => delivery.path === pathName);
  await until('every accepted event at the receiver', 240_000, async () => {
    const received = new Set(mine().map((delivery) => delivery.eventId));
    return [...accepted].every((id) => received.has(id));
  }).catch(() => undefined);
  // Late duplicates (a cut-off worker finishing its requests) have a moment to arrive too.
  await sleep(2_000);
  const counts = countScenario({ scenario: name, load, deliveries: mine(), failureAt, notes });
  printCounts(counts);
  context.results.push(counts);
  expect(counts.accepted).toBeGreaterThan(0);
  expect(counts.lost).toBe(0);
  expect(counts.keysAcceptedTwice).toBe(0);
  expect(counts.unexpectedEvents).toBe(0);
  expect(receiver.badSignatures).toBe(0);
  return counts;
}
