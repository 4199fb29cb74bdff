// The worker process: wires lib/jobs to pg-boss and runs until SIGTERM/SIGINT.
import { configureDbPool, closeDb } from '../lib/db';
import { readProcessConfigurationOrExit } from '../lib/env';
import { startWorker } from '../lib/jobs/start-worker';
import { logger } from '../lib/log';

process.env.TIDINGS_PROCESS_NAME ??= 'worker';
// As `npm run web`: a production process unless told otherwise, so a deployment that does
// not set NODE_ENV still gets production's closed defaults (no loopback or private
// targets, no http://; README "Demo openness"). npm start, the tests and the bench set it.
// (Next types NODE_ENV as read-only.)
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: 'production' });

async function main(): Promise<void> {
  const config = readProcessConfigurationOrExit();
  configureDbPool(Math.min(40, Math.ceil(config.TIDINGS_WORKER_CONCURRENCY / 5) + 5));
  const worker = await startWorker();
  logger().info({ concurrency: config.TIDINGS_WORKER_CONCURRENCY }, 'worker ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, 'worker stopping');
    // In-flight attempts finish; jobs not yet started return to the queue.
    await worker.stop();
    await closeDb();
    logger().info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  logger().fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
