import { afterAll, beforeAll } from 'vitest';
import { startWorker, type RunningWorker } from '../../lib/jobs/start-worker';
import type { LookupFunction } from '../../lib/outbound/ssrf-guard';
import { Receiver } from './receiver';

export type WorkerOptions = {
  /** The DNS lookup the worker's sender uses (a hostile resolver, in the SSRF tests). */
  lookup?: LookupFunction;
  /** Worker instances, each with its own pg-boss and pool as separate processes would have (default 1). */
  workers?: number;
};

/**
 * Runs the real delivery worker (lib/jobs/start-worker.ts, polling every 50 ms) for the
 * file's tests: started in beforeAll, stopped in afterAll. `stopWorker` stops it earlier,
 * for a file that needs the queue quiet before it looks; afterAll then has nothing to do.
 */
export function withWorker(options: WorkerOptions = {}): { stopWorker: () => Promise<void> } {
  let workers: RunningWorker[] = [];
  const stopWorker = async () => {
    const running = workers;
    workers = [];
    for (const worker of running) await worker.stop();
  };
  beforeAll(async () => {
    for (let index = 0; index < (options.workers ?? 1); index += 1) workers.push(await startWorker({ pollIntervalMs: 50, lookup: options.lookup }));
  });
  afterAll(stopWorker);
  return { stopWorker };
}

/**
 * The worker and a loopback receiver (tests/support/receiver.ts) for the file's tests.
 * The receiver is started before the worker and stopped after it (vitest runs afterAll
 * hooks in reverse order); replies can be set on it right away, before it starts.
 */
export function withWorkerAndReceiver(options: WorkerOptions & { host?: string } = {}): {
  receiver: Receiver;
  stopWorker: () => Promise<void>;
} {
  const receiver = new Receiver(options.host);
  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(() => receiver.stop());
  const { stopWorker } = withWorker(options);
  return { receiver, stopWorker };
}
