// The cluster's failures under load (docs/deploying.md "Failover"): a database primary
// killed or cut off, a worker cut off or killed mid-delivery, a web process killed. For each,
// every event answered 202 must reach the receiver with a valid signature, no key may be
// accepted twice, and the counts (refused requests, duplicates, recovery) are printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { cut, heal, kill, loadBalancerView, primaryName, readState, restart, waitForHealthyDatabase, type ClusterState } from '../../scripts/cluster/harness';
import { addressOf, type MemberName } from '../../scripts/cluster/topology';
import { countScenario, LoadClient, printCounts, VerifyingReceiver, type ScenarioCounts } from './support/load';

const RATE_PER_SECOND = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let state: ClusterState;
let apiKey: string;
let sample: unknown;
let receiver: VerifyingReceiver;
let receiverUrl: string;
const webUrl = inject('clusterWebUrl');
const results: ScenarioCounts[] = [];

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('clusterDatabaseUrl');
  const { createOrganization, createKey } = await import('../support/fixtures');
  const organization = await createOrganization({ slug: `cluster-${Date.now()}` });
  apiKey = await createKey(organization.id);
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  state = readState()!;
  const response = await fetch(`${webUrl}/api/v1/event-types/person.created/sample`, { headers: { authorization: `Bearer ${apiKey}` } });
  sample = ((await response.json()) as { data: unknown }).data;
  receiver = new VerifyingReceiver(inject('clusterHostAddress'));
  receiverUrl = await receiver.start();
});

afterAll(async () => {
  await receiver?.stop();
  if (results.length > 0) {
    console.log('\n[cluster test] summary');
    console.table(results.map(({ notes: _notes, ...counts }) => counts));
  }
});

/**
 * One scenario: a webhook of its own, load for a few seconds, the failure, load until
 * `failure` says the cluster recovered plus a few seconds, then every accepted event must
 * arrive. `failure` returns notes for the printout (what recovered when).
 */
async function scenario(name: string, failure: () => Promise<string>, options: { receiverDelayMs?: number } = {}): Promise<ScenarioCounts> {
  const pathName = `/${name.replaceAll(' ', '-')}`;
  const created = await fetch(`${webUrl}/api/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${receiverUrl}${pathName}`, events: ['person.created'], pingOnCreate: false, timeoutSeconds: 10 }),
  });
  expect(created.status).toBe(201);
  const webhook = (await created.json()) as { webhookId: string; secret: string };
  receiver.expect(pathName, webhook.secret);
  receiver.delayMs = options.receiverDelayMs ?? 0;

  const load = new LoadClient({ webUrl, apiKey, ratePerSecond: RATE_PER_SECOND, data: sample, type: 'person.created', label: name.replaceAll(' ', '-') });
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
  results.push(counts);
  expect(counts.accepted).toBeGreaterThan(0);
  expect(counts.lost).toBe(0);
  expect(counts.keysAcceptedTwice).toBe(0);
  expect(counts.unexpectedEvents).toBe(0);
  expect(receiver.badSignatures).toBe(0);
  return counts;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

test('the primary PostgreSQL host killed: the synchronous standby is promoted, web and workers reconnect', async () => {
  const old = (await primaryName(state)) as MemberName;
  await scenario('primary killed', async () => {
    const at = Date.now();
    await kill(old);
    const promoted = await until('a new primary', 120_000, async () => {
      const name = await primaryName(state);
      return name && name !== old ? name : undefined;
    });
    const promotedAfter = seconds(at);
    await until('the load balancer on the new primary', 60_000, async () => (await loadBalancerView(state))[`postgres/${promoted}`] === 'UP');
    return `${old} killed; ${promoted} primary after ${promotedAfter}, in the load balancer after ${seconds(at)}`;
  });
  await restart(old);
  const members = await waitForHealthyDatabase(state, 180_000);
  expect(members.find((m) => m.name === old)?.role).not.toBe('leader');
});

test('the primary cut off the network, then back: it rejoins as a replica and nothing it acknowledged is lost', async () => {
  const old = (await primaryName(state)) as MemberName;
  const logFile = path.join(state.topology.stateDir, old, 'process.log');
  const logBefore = readFileSync(logFile, 'utf8').length;
  await scenario('primary cut off', async () => {
    const at = Date.now();
    cut(old);
    const promoted = await until('a new primary', 120_000, async () => {
      const name = await primaryName(state);
      return name && name !== old ? name : undefined;
    });
    const promotedAfter = seconds(at);
    await until('the load balancer on the new primary', 60_000, async () => (await loadBalancerView(state))[`postgres/${promoted}`] === 'UP');
    await sleep(5_000);
    heal(old);
    const healedAt = Date.now();
    await waitForHealthyDatabase(state, 180_000);
    const rewound = /rewind/i.test(readFileSync(logFile, 'utf8').slice(logBefore));
    return `${old} cut; ${promoted} primary after ${promotedAfter}; ${old} back as a replica ${seconds(healedAt)} after its link came back${rewound ? ' (pg_rewind)' : ''}`;
  });
  const members = await waitForHealthyDatabase(state, 60_000);
  expect(['replica', 'sync_standby']).toContain(members.find((m) => m.name === old)?.role);
});

test('a worker cut off the network mid-delivery: the other worker sends its deliveries once their lease lapses', async () => {
  await scenario(
    'worker cut off',
    async () => {
      cut('worker1');
      await sleep(30_000);
      heal('worker1');
      return 'worker1 cut for 30 s, receiver answering after 1 s';
    },
    { receiverDelayMs: 1_000 },
  );
});

test('a worker killed (kill -9) mid-delivery: the other worker sends its deliveries once their lease lapses', async () => {
  await scenario(
    'worker killed',
    async () => {
      await kill('worker2');
      await sleep(20_000);
      await restart('worker2');
      return 'worker2 killed, restarted 20 s later, receiver answering after 1 s';
    },
    { receiverDelayMs: 1_000 },
  );
});

test('a web process killed: the load balancer stops sending it requests', async () => {
  await scenario('web killed', async () => {
    const at = Date.now();
    await kill('web1');
    await until('the load balancer to mark web1 down', 30_000, async () => (await loadBalancerView(state))['web/web1'] === 'DOWN');
    const downAfter = seconds(at);
    await sleep(5_000);
    await restart('web1');
    const restartedAt = Date.now();
    await until('web1 back in the load balancer', 120_000, async () => (await loadBalancerView(state))['web/web1'] === 'UP');
    return `web1 killed; out of the load balancer after ${downAfter}; back ${seconds(restartedAt)} after its restart`;
  });
});

test('web processes reach PostgreSQL through PgBouncer in transaction mode', async () => {
  const client = new pg.Client({
    connectionString: `postgresql://tidings:${encodeURIComponent(state.secrets.tidingsPassword)}@${addressOf(state.topology, 'lb')}:6432/pgbouncer`,
  });
  await client.connect();
  try {
    const config = await client.query<{ key: string; value: string }>('SHOW CONFIG');
    expect(config.rows.find((row) => row.key === 'pool_mode')?.value).toBe('transaction');
    const clients = await client.query<{ database: string; addr: string }>('SHOW CLIENTS');
    const webAddresses = new Set([addressOf(state.topology, 'web1'), addressOf(state.topology, 'web2')]);
    const fromWeb = clients.rows.filter((row) => row.database === 'tidings' && webAddresses.has(row.addr));
    console.log(`[cluster test] PgBouncer: pool_mode transaction, ${fromWeb.length} client connections from web1/web2`);
    expect(fromWeb.length).toBeGreaterThan(0);
  } finally {
    await client.end();
  }
});
