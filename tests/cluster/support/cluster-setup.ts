// Brings the cluster up once for `npm run test:cluster` and always takes it down again,
// whatever happened (TIDINGS_CLUSTER_KEEP=1 leaves it running to look at).
import type { TestProject } from 'vitest/node';
import { down, status, up } from '../../../scripts/cluster/harness';

declare module 'vitest' {
  export interface ProvidedContext {
    clusterWebUrl: string;
    clusterDatabaseUrl: string;
    clusterHostAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[cluster] ${line}`);
  const teardown = async () => {
    if (process.env.TIDINGS_CLUSTER_KEEP === '1') return log('left running (TIDINGS_CLUSTER_KEEP=1): npm run cluster -- down');
    await down(log);
  };
  // A cluster left behind by an interrupted run of this suite starts from nothing.
  await down(log);
  const onSignal = () => void teardown().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Retries in the tests come after 0.6 s instead of 60 s.
    await up({ webThroughPgBouncer: true, processEnvironment: { TIDINGS_RETRY_SCALE: '0.01' }, log });
    const report = await status();
    project.provide('clusterWebUrl', report.webUrl);
    project.provide('clusterDatabaseUrl', report.databaseUrl);
    project.provide('clusterHostAddress', report.hostAddress);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
