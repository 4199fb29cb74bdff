// The cluster's failures under load (docs/deploying.md "Failover"): a database primary
// killed or cut off, a worker cut off or killed mid-delivery, a web process killed. For each,
// every event answered 202 must reach the receiver with a valid signature, no key may be
// accepted twice, and the counts (refused requests, duplicates, recovery) are printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cut, heal, kill, loadBalancerView, primaryName, restart, waitForHealthyDatabase, type ClusterState } from '../../scripts/cluster/harness';
import { addressOf, type MemberName } from '../../scripts/cluster/topology';
import { closeClusterContext, openClusterContext, scenario, seconds, sleep, until, type ClusterContext } from './support/scenario';

let context: ClusterContext;
let state: ClusterState;

beforeAll(async () => {
  context = await openClusterContext();
  state = context.state;
});

afterAll(() => closeClusterContext(context));

test('the primary PostgreSQL host killed: the synchronous standby is promoted, web and workers reconnect', async () => {
  const old = (await primaryName(state)) as MemberName;
  await scenario(context, 'primary killed', async () => {
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
  await scenario(context, 'primary cut off', async () => {
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
    context,
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
    context,
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
  await scenario(context, 'web killed', async () => {
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
