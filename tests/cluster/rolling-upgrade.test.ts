// A rolling upgrade under load (docs/deploying.md "Upgrading"): the web and worker processes
// run the previous release (scripts/release/previous-release.json); this release's
// migrations are applied while they run; then they are replaced one at a time. Nothing
// accepted is lost, and the previous release keeps working against the new schema until
// replaced (the expand-then-contract rule of docs/architecture.md "Migrations").
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadBalancerView, migrate, pidsOf, restart, setLoadBalancerServer, webMemberHealthy } from '../../scripts/cluster/harness';
import type { MemberName } from '../../scripts/cluster/topology';
import { preparePreviousRelease, type PreviousRelease } from '../../scripts/release/previous-release';
import { closeClusterContext, openClusterContext, scenario, seconds, sleep, until, type ClusterContext } from './support/scenario';

let context: ClusterContext;
let previous: PreviousRelease;
const APP_MEMBERS: MemberName[] = ['web1', 'web2', 'worker1', 'worker2'];

/** The release directory the member's processes run from (their working directory). */
function runningFrom(name: MemberName): string[] {
  return [...new Set(pidsOf(context.state.topology, name).map((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return '';
    }
  }).filter(Boolean))];
}

/**
 * Replaces one process, as an operator would: a web process is taken out of HAProxy first
 * (maintenance), restarted, and put back once it answers /api/health itself; a worker
 * finishes its in-flight deliveries on SIGTERM.
 */
async function replace(name: MemberName, codeRoot: string | null): Promise<void> {
  if (!name.startsWith('web')) {
    await restart(name, { codeRoot });
    await sleep(3_000);
    return;
  }
  await setLoadBalancerServer(context.state, `web/${name}`, 'maint');
  await restart(name, { codeRoot });
  await until(`${name} to answer /api/health`, 120_000, () => webMemberHealthy(context.state, name));
  await setLoadBalancerServer(context.state, `web/${name}`, 'ready');
  await until(`${name} back in the load balancer`, 60_000, async () => (await loadBalancerView(context.state))[`web/${name}`] === 'UP');
}

beforeAll(async () => {
  previous = preparePreviousRelease((line) => console.log(`[cluster test] ${line}`));
  context = await openClusterContext();
  // The cluster as it ran before the upgrade: every web and worker process on the previous release.
  for (const name of APP_MEMBERS) await replace(name, previous.directory);
});

afterAll(async () => {
  await closeClusterContext(context);
  for (const name of APP_MEMBERS) if (context?.state.codeRoots?.[name]) await restart(name, { codeRoot: null });
});

test('a rolling upgrade from the previous release under load loses nothing', async () => {
  for (const name of APP_MEMBERS) expect(runningFrom(name)).toEqual([previous.directory]);
  await scenario(context, 'rolling upgrade', async () => {
    const at = Date.now();
    // The new release's migrations while the previous release's processes still run.
    migrate(context.state);
    const migratedAfter = seconds(at);
    await sleep(5_000);
    for (const name of APP_MEMBERS) {
      expect(runningFrom(name)).toEqual([previous.directory]);
      await replace(name, null);
    }
    return `from ${previous.version} (${previous.commit.slice(0, 7)}): migrated in ${migratedAfter} under the old processes, all four replaced one at a time by ${seconds(at)}`;
  });
  for (const name of APP_MEMBERS) expect(runningFrom(name)).not.toContain(previous.directory);
});
