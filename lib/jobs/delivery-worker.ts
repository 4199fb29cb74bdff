import 'server-only';
import type { PgBoss } from 'pg-boss';
import { attemptJobs } from './attempt-jobs';
import { fetchJobs, type FetchState } from './fetch-jobs';
import { listenForJobs } from './listen-for-jobs';
import { createWorkerContext, type DeliveryWorkerOptions, type WorkerContext } from './worker-context';

export type { DeliveryWorkerOptions } from './worker-context';

export type RunningDeliveryWorker = {
  /** Stops fetching, lets in-flight attempts finish, and writes their results. */
  stop: () => Promise<void>;
};

/**
 * The delivery worker as a pipeline: listen (listen-for-jobs.ts: NOTIFY wakes the loop) →
 * fetch (fetch-jobs.ts: batches within the free slots and caps) → attempt (attempt-jobs.ts:
 * load, skip or send, bounded per webhook and per organization) → record (record-outcomes.ts:
 * batched transactions). The stages share one context (worker-context.ts); the slots they
 * take and give back are counted in worker-capacity.ts.
 *
 * Fair sharing: an organization holding `perOrganizationConcurrency` fetched jobs is
 * left out of the next fetches (its known webhooks go into pg-boss's `ignoreGroups`,
 * beside the webhooks at their own cap), so the slots left go to other organizations'
 * jobs even when its backlog is older; it sends at most that many at a time. Jobs of it
 * fetched anyway (a webhook the worker had not seen yet, or the rest of a batch that
 * filled its share) wait in this worker for one of its slots.
 */
export async function startDeliveryWorker(boss: PgBoss, options: DeliveryWorkerOptions): Promise<RunningDeliveryWorker> {
  const stopping = new AbortController();
  const context = createWorkerContext(boss, options, stopping.signal);
  const listener = await listenForJobs(context);
  context.activeJobs.startHeartbeat();
  const loop = runFetchLoop(context);
  return {
    stop: async () => {
      stopping.abort();
      context.wakeup.wake();
      await loop;
      while (!context.capacity.idle()) await new Promise((resolve) => setTimeout(resolve, 20));
      await context.recorder.flush();
      context.activeJobs.stopHeartbeat();
      await listener.stop();
    },
  };
}

/** Fetches until stopped; each batch goes on to the attempt stage without being waited for. */
async function runFetchLoop(context: WorkerContext): Promise<void> {
  let state: FetchState = { emptyFetch: null };
  while (!context.stopped.aborted) {
    const step = await fetchJobs(context, state);
    state = step.state;
    if (step.batch) void attemptJobs(context, step.batch);
  }
}
