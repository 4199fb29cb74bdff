import 'server-only';
import { env } from '../env';
import { logger } from '../log';
import { getDefaultPinnedDispatcher } from '../outbound/send-webhook-request';
import type { LookupFunction } from '../outbound/ssrf-guard';
import { createWorkerBoss } from '../queue/boss';
import { createQueues } from '../queue/queues';
import { announceWebhookDisabled } from '../webhooks/webhook-disabled-event';
import { announceWebhookFailing } from '../webhooks/failing-warnings';
import { startDeliveryWorker } from './delivery-worker';
import { registerMaintenance } from './maintenance';

export type RunningWorker = { stop: () => Promise<void> };

/** Connects pg-boss, makes sure the queues exist, and starts every handler. */
export async function startWorker(options: { lookup?: LookupFunction; pollIntervalMs?: number } = {}): Promise<RunningWorker> {
  const config = env();
  const boss = createWorkerBoss({ max: 10 });
  // Only message and code: pg errors carry the whole client object, connection settings included.
  boss.on('error', (error: Error & { code?: string }) => logger().warn({ error: error.message, code: error.code }, 'pg-boss error'));
  await boss.start();
  await createQueues(boss);

  const deliveries = await startDeliveryWorker(boss, {
    concurrency: config.TIDINGS_WORKER_CONCURRENCY,
    perWebhookConcurrency: config.TIDINGS_WORKER_PER_WEBHOOK_CONCURRENCY,
    perOrganizationConcurrency: config.workerPerOrganizationConcurrency,
    pollIntervalMs: options.pollIntervalMs,
    lookup: options.lookup,
    onWebhookDisabled: announceWebhookDisabled,
    onWebhookFailing: announceWebhookFailing,
  });
  await registerMaintenance(boss);

  return {
    stop: async () => {
      await deliveries.stop();
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
      await getDefaultPinnedDispatcher().close();
    },
  };
}
