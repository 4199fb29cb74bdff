import { afterAll, beforeAll } from 'vitest';
import { stopAll } from './processes';
import { ensureProductionBuild } from './production-build';
import { Receiver } from './receiver';

/**
 * A loopback receiver (tests/support/receiver.ts) for a file whose tests start real
 * processes (tests/support/processes.ts): afterAll stops every process still running,
 * then the receiver. `productionBuild`: the build `npm start` and `npm run web` serve is
 * made first (up to 15 minutes when it is not current).
 */
export function withReceiverAndProcesses(options: { productionBuild?: boolean } = {}): Receiver {
  const receiver = new Receiver();
  beforeAll(async () => {
    if (options.productionBuild) await ensureProductionBuild();
    await receiver.start();
  }, 900_000);
  afterAll(async () => {
    await stopAll();
    await receiver.stop();
  });
  return receiver;
}
