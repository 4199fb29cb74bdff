import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the failure scenarios against the cluster of `npm run cluster`,
// on a prefix and subnet of their own, so a cluster started by hand is left alone.
process.env.TIDINGS_CLUSTER_PREFIX ??= 'tdct';
process.env.TIDINGS_CLUSTER_SUBNET ??= '10.231.42';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'tests/support/server-only.ts'),
    },
  },
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    globalSetup: ['tests/cluster/support/cluster-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // One cluster, one scenario at a time: each breaks something the others need.
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
  },
});
