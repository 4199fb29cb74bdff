import 'server-only';
import type { PgBoss } from 'pg-boss';
import type { DisabledWebhook, FailingWebhook } from '../deliveries/record-attempts';
import { env } from '../env';
import { parseCidrList, type Allowlist, type LookupFunction } from '../outbound/ssrf-guard';
import { ActiveJobs } from './active-jobs';
import { OutcomeRecorder } from './record-outcomes';
import { Wakeup } from './wakeup';
import { WorkerCapacity } from './worker-capacity';

export type DeliveryWorkerOptions = {
  concurrency: number;
  perWebhookConcurrency: number;
  /**
   * Requests in flight per organization (the webhook's owner): one tenant's slow or
   * hanging receivers cannot take every slot of the worker from the others.
   */
  perOrganizationConcurrency: number;
  /** Fallback poll while idle; NOTIFY wakes the loop at once for new jobs. */
  pollIntervalMs?: number;
  lookup?: LookupFunction;
  onWebhookDisabled?: (webhook: DisabledWebhook) => Promise<void>;
  onWebhookFailing?: (webhook: FailingWebhook) => Promise<void>;
};

/** Everything the stages (listen → fetch → attempt → record) depend on, built once per worker. */
export type WorkerContext = {
  readonly boss: PgBoss;
  readonly perWebhookConcurrency: number;
  readonly pollIntervalMs: number;
  /** How attempts connect: the networks allowed beside public ones, and the DNS lookup (tests inject one). */
  readonly send: { allowlist: Allowlist; lookup?: LookupFunction };
  /** Aborted by stop(): no new fetches, no LISTEN retries, recording gives up retrying. */
  readonly stopped: AbortSignal;
  readonly wakeup: Wakeup;
  readonly capacity: WorkerCapacity;
  readonly activeJobs: ActiveJobs;
  readonly recorder: OutcomeRecorder;
};

export function createWorkerContext(boss: PgBoss, options: DeliveryWorkerOptions, stopped: AbortSignal): WorkerContext {
  const wakeup = new Wakeup();
  const activeJobs = new ActiveJobs(boss);
  return {
    boss,
    perWebhookConcurrency: options.perWebhookConcurrency,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    send: { allowlist: parseCidrList(env().allowedNetworks.join(',')), lookup: options.lookup },
    stopped,
    wakeup,
    capacity: new WorkerCapacity(options, wakeup),
    activeJobs,
    recorder: new OutcomeRecorder({ activeJobs, stopped, onWebhookDisabled: options.onWebhookDisabled, onWebhookFailing: options.onWebhookFailing }),
  };
}
