// Figures, not assertions (README Performance): deliveries per second drained by the two
// workers with a synchronous standby, against the same primary alone (its replicas stopped,
// synchronous_mode off), measured in one run, and the ratio of the two.
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { patchPatroniConfig, primaryName, restart, stop, waitForHealthyDatabase } from '../../scripts/cluster/harness';
import type { MemberName } from '../../scripts/cluster/topology';
import { closeClusterContext, openClusterContext, sleep, until, type ClusterContext } from './support/scenario';

const EVENTS = 4_000;
let context: ClusterContext;

beforeAll(async () => {
  context = await openClusterContext();
});

afterAll(() => closeClusterContext(context));

async function synchronousStandbyNames(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ synchronous_standby_names: string }>('show synchronous_standby_names')).rows[0].synchronous_standby_names;
  } finally {
    await client.end();
  }
}

/** Queues EVENTS deliveries with the workers stopped, starts them, and times the drain at the receiver. */
async function drainRate(label: string): Promise<number> {
  const { webUrl, apiKey, receiver } = context;
  const pathName = `/drain-${label.replaceAll(' ', '-')}`;
  const created = await fetch(`${webUrl}/api/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${context.receiverUrl}${pathName}`, events: ['person.created'], pingOnCreate: false }),
  });
  expect(created.status).toBe(201);
  receiver.expect(pathName, ((await created.json()) as { secret: string }).secret);
  await Promise.all([stop('worker1'), stop('worker2')]);
  for (let sent = 0; sent < EVENTS; sent += 500) {
    const response = await fetch(`${webUrl}/api/v1/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: Array.from({ length: 500 }, () => ({ type: 'person.created', data: context.sample })) }),
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { eventId?: string }[] };
    expect(results.filter((result) => result.eventId).length).toBe(500);
  }
  await Promise.all([restart('worker1'), restart('worker2')]);
  const mine = () => receiver.deliveries.filter((delivery) => delivery.path === pathName);
  await until(`${EVENTS} deliveries`, 300_000, async () => new Set(mine().map((d) => d.eventId)).size >= EVENTS);
  const times = mine().map((d) => d.receivedAt).sort((a, b) => a - b);
  // From the first delivery to the last: the workers' start-up is not part of the rate.
  const rate = (times.length - 1) / ((times.at(-1)! - times[0]) / 1000);
  console.log(`[cluster test] drain, ${label}: ${times.length} deliveries at ${rate.toFixed(0)} /s`);
  return rate;
}

test('deliveries per second with a synchronous standby against a single node, one run', async () => {
  const synchronous = await drainRate('synchronous standby');
  expect(await synchronousStandbyNames()).not.toBe('');

  const primary = (await primaryName(context.state)) as MemberName;
  const replicas = (['db1', 'db2', 'db3'] as const).filter((name) => name !== primary);
  await patchPatroniConfig(context.state, { synchronous_mode: false });
  await Promise.all(replicas.map((name) => stop(name)));
  await until('the primary to commit alone', 60_000, async () => (await synchronousStandbyNames()) === '');
  const single = await drainRate('single node');

  await patchPatroniConfig(context.state, { synchronous_mode: true });
  for (const name of replicas) await restart(name);
  await waitForHealthyDatabase(context.state, 180_000);
  await sleep(2_000);
  console.log(
    `[cluster test] synchronous standby vs single node: ${synchronous.toFixed(0)} /s vs ${single.toFixed(0)} /s, ratio ${(synchronous / single).toFixed(2)}`,
  );
});
