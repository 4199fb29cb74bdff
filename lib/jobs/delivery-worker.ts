import 'server-only';
import pg from 'pg';
import type { PgBoss, Job } from 'pg-boss';
import { attemptDelivery, type AttemptResult } from '../deliveries/attempt-delivery';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { loadDeliveries, type DeliveryWork } from '../deliveries/load-deliveries';
import { recordAttempts, type DisabledWebhook, type SkippedJob } from '../deliveries/record-attempts';
import { env } from '../env';
import { logger } from '../log';
import type { LookupFunction } from '../outbound/ssrf-guard';
import { parseCidrList } from '../outbound/ssrf-guard';
import { BOSS_SCHEMA } from '../queue/boss';
import type { DeliveryJobData as QueuedDeliveryJobData } from '../queue/delivery-jobs';
import { DELIVERY_QUEUE } from '../queue/queues';
import { OrganizationSlots } from './organization-slots';
import { WebhookOrganizations } from './webhook-organizations';

type DeliveryJobData = QueuedDeliveryJobData<DeliveryTrigger>;

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
};

type Outcome = { kind: 'attempt'; result: AttemptResult } | { kind: 'skip'; skip: SkippedJob };

const FETCH_LIMIT = 100;
const FLUSH_BATCH = 250;
const HEARTBEAT_MS = 4_000;
// How long an empty fetch vouches for "nothing outside what it left out" when no NOTIFY
// came: new jobs always NOTIFY; only retries coming due (and NOTIFYs lost while the
// LISTEN connection is down) are seen up to this much later while an organization is at
// its share. Checked every poll interval, so a webhook freed from its own cap is not.
const EMPTY_FETCH_VALID_MS = 2_000;

/**
 * Fetches delivery jobs in batches, sends them with bounded concurrency (overall, per
 * organization and per webhook), and writes the results back in batched transactions.
 *
 * Fair sharing: an organization holding `perOrganizationConcurrency` fetched jobs is
 * left out of the next fetches (its known webhooks go into pg-boss's `ignoreGroups`,
 * beside the webhooks at their own cap), so the slots left go to other organizations'
 * jobs even when its backlog is older; it sends at most that many at a time. Jobs of it
 * fetched anyway (a webhook the worker had not seen yet, or the rest of a batch that
 * filled its share) wait in this worker for one of its slots.
 */
export class DeliveryWorker {
  private running = false;
  private inFlight = 0;
  private readonly perWebhook = new Map<string, number>();
  private readonly organizations: OrganizationSlots;
  private readonly webhookOrganizations = new WebhookOrganizations();
  private wakePending = false;
  /** NOTIFYs of new jobs received so far. */
  private notifications = 0;
  /**
   * The last fetch that found nothing: what it left out, when, and after how many NOTIFYs.
   * Until a NOTIFY (or EMPTY_FETCH_VALID_MS), a fetch leaving out at least as much finds
   * nothing either (fetching only takes jobs away), and would only scan the backlog of
   * the webhooks it leaves out again: a saturated organization's deep backlog.
   */
  private emptyFetch: { ignored: ReadonlySet<string>; at: number; notifications: number } | null = null;
  private readonly activeJobs = new Set<string>();
  private pending: Outcome[] = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenFailures = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private waitingForSlots = false;
  private readonly allowlist = parseCidrList(env().allowedNetworks.join(','));

  constructor(
    private readonly boss: PgBoss,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.organizations = new OrganizationSlots(options.perOrganizationConcurrency);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
    this.heartbeat = setInterval(() => void this.touchActiveJobs(), HEARTBEAT_MS);
    this.loop = this.run();
  }

  /** Stops fetching, lets in-flight attempts finish, and writes their results. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.flush();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Keeps one LISTEN session for new-job notifications. When it drops (a database restart)
   * or cannot connect, it tries again with backoff for as long as the worker runs; polling
   * delivers everything meanwhile, NOTIFY only makes it faster.
   */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: 'tidings-worker-listen' });
    let lost = false;
    const retry = () => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.running) return;
      const delay = Math.min(30_000, 1_000 * 2 ** Math.min(this.listenFailures, 5));
      this.listenFailures += 1;
      this.listenRetry = setTimeout(() => {
        this.listenRetry = null;
        void this.listen();
      }, delay);
    };
    client.on('error', retry);
    client.on('end', retry);
    try {
      await client.connect();
      const { rows } = await client.query<{ channel: string }>(
        `select ('pgboss_' || left(encode(sha224($1::bytea), 'hex'), 24)) as channel`,
        [BOSS_SCHEMA],
      );
      client.on('notification', (message) => {
        if (message.payload === DELIVERY_QUEUE) {
          this.notifications += 1;
          this.wake?.();
        }
      });
      await client.query(`LISTEN "${rows[0].channel}"`);
      if (lost) return;
      this.listener = client;
      if (this.listenFailures > 0) logger().info({ failures: this.listenFailures }, 'delivery worker is listening again');
      this.listenFailures = 0;
      // Jobs queued while it was not listening sent their NOTIFY to nobody.
      this.notifications += 1;
      this.wake?.();
    } catch (error) {
      if (this.listenFailures === 0) logger().warn({ err: error }, 'delivery worker could not LISTEN; polling until it can');
      retry();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? 250;
    while (this.running) {
      const free = this.options.concurrency - this.inFlight;
      if (free <= 0) {
        // Woken by finish() as soon as enough slots are free for a worthwhile batch.
        this.waitingForSlots = true;
        await this.sleep(poll);
        this.waitingForSlots = false;
        continue;
      }
      const saturated = this.saturatedWebhooks();
      const known = this.emptyFetch;
      const sinceEmpty = known ? performance.now() - known.at : Infinity;
      const vouchedFor = Math.max(poll, EMPTY_FETCH_VALID_MS);
      if (known && sinceEmpty < vouchedFor && known.notifications === this.notifications && isSuperset(saturated, known.ignored)) {
        // Woken by a NOTIFY, or when an organization goes back under its share.
        await this.sleep(Math.min(poll, vouchedFor - sinceEmpty));
        continue;
      }
      let jobs: Job<DeliveryJobData>[] = [];
      const fetchedAt = performance.now();
      const notifications = this.notifications;
      try {
        jobs = await this.boss.fetch<DeliveryJobData>(DELIVERY_QUEUE, {
          batchSize: Math.min(free, FETCH_LIMIT),
          ignoreGroups: saturated.size > 0 ? [...saturated] : undefined,
        });
      } catch (error) {
        logger().error({ err: error }, 'fetching delivery jobs failed');
        await this.sleep(1_000);
        continue;
      }
      if (jobs.length === 0) {
        this.emptyFetch = { ignored: saturated, at: fetchedAt, notifications };
        await this.sleep(poll);
        continue;
      }
      this.inFlight += jobs.length;
      for (const job of jobs) this.activeJobs.add(job.id);
      // Owners are counted before the next fetch, so that fetch already leaves out an
      // organization this batch filled up. Only a webhook this worker has not seen
      // before costs a query here.
      let owners: Map<string, string>;
      try {
        owners = await this.holdForOrganizations(jobs);
      } catch (error) {
        // As when loading fails: the jobs stay active without heartbeat and pg-boss retries them.
        logger().error({ err: error }, 'looking up the organizations of delivery jobs failed');
        for (const job of jobs) this.activeJobs.delete(job.id);
        this.inFlight -= jobs.length;
        await this.sleep(1_000);
        continue;
      }
      void this.processBatch(jobs, owners);
    }
  }

  /** Counts each fetched job against its webhook's organization; returns the organization of each job. */
  private async holdForOrganizations(jobs: Job<DeliveryJobData>[]): Promise<Map<string, string>> {
    const webhookIds = jobs.flatMap((job) => (job.groupId ? [job.groupId] : []));
    await this.webhookOrganizations.load(webhookIds);
    const owners = new Map<string, string>();
    for (const job of jobs) {
      // A deleted webhook has no owner any more; its job is skipped after loading.
      const organizationId = (job.groupId && this.webhookOrganizations.organizationOf(job.groupId)) || `webhook:${job.groupId ?? job.id}`;
      owners.set(job.id, organizationId);
      this.organizations.hold(organizationId);
    }
    return owners;
  }

  /** Webhooks not to fetch for now: at their own cap, or owned by an organization at its cap. */
  private saturatedWebhooks(): Set<string> {
    const saturated = new Set<string>();
    for (const [webhookId, count] of this.perWebhook) {
      if (count >= this.options.perWebhookConcurrency) saturated.add(webhookId);
    }
    for (const organizationId of this.organizations.saturated()) {
      for (const webhookId of this.webhookOrganizations.webhooksOf(organizationId)) saturated.add(webhookId);
    }
    return saturated;
  }

  /** Wakes the fetch loop, or makes its next sleep return at once when it is busy fetching. */
  private requestWake(): void {
    if (this.wake) this.wake();
    else this.wakePending = true;
  }

  private async touchActiveJobs(): Promise<void> {
    if (this.activeJobs.size === 0) return;
    try {
      await this.boss.touch(DELIVERY_QUEUE, [...this.activeJobs]);
    } catch (error) {
      logger().warn({ err: error }, 'heartbeat of delivery jobs failed');
    }
  }

  private async processBatch(jobs: Job<DeliveryJobData>[], owners: Map<string, string>): Promise<void> {
    const organizationOf = (job: Job<DeliveryJobData>) => owners.get(job.id)!;
    let work: Map<string, DeliveryWork>;
    try {
      work = await loadDeliveries(jobs.map((job) => job.data.deliveryId));
    } catch (error) {
      // The jobs stay active; their heartbeat stops with them and pg-boss retries them.
      logger().error({ err: error }, 'loading deliveries failed');
      for (const job of jobs) {
        this.activeJobs.delete(job.id);
        if (this.organizations.drop(organizationOf(job))) this.requestWake();
      }
      this.inFlight -= jobs.length;
      return;
    }
    const queues = new Map<string, { job: Job<DeliveryJobData>; delivery: DeliveryWork }[]>();
    for (const job of jobs) {
      const delivery = work.get(job.data.deliveryId);
      const skip = this.skipReason(job, delivery);
      if (skip || !delivery) {
        if (this.organizations.drop(organizationOf(job))) this.requestWake();
        this.finish(job.id, { kind: 'skip', skip: skip ?? { jobId: job.id, deliveryId: job.data.deliveryId } });
        continue;
      }
      const queue = queues.get(delivery.webhookId) ?? [];
      queue.push({ job, delivery });
      queues.set(delivery.webhookId, queue);
    }
    // Per webhook, at most `perWebhookConcurrency` requests at a time.
    await Promise.all(
      [...queues].map(async ([webhookId, items]) => {
        const runNext = async (): Promise<void> => {
          const item = items.shift();
          if (!item) return;
          // Per organization, at most `perOrganizationConcurrency` requests at a time.
          const organizationId = organizationOf(item.job);
          await this.organizations.acquire(organizationId);
          this.perWebhook.set(webhookId, (this.perWebhook.get(webhookId) ?? 0) + 1);
          try {
            const result = await attemptDelivery(item.delivery, { id: item.job.id, trigger: item.job.data.trigger }, {
              allowlist: this.allowlist,
              lookup: this.options.lookup,
            });
            this.finish(item.job.id, { kind: 'attempt', result });
          } catch (error) {
            logger().error({ err: error, deliveryId: item.delivery.id }, 'delivery attempt crashed');
            this.activeJobs.delete(item.job.id);
            this.inFlight -= 1;
          } finally {
            const count = (this.perWebhook.get(webhookId) ?? 1) - 1;
            if (count <= 0) this.perWebhook.delete(webhookId);
            else this.perWebhook.set(webhookId, count);
            if (this.organizations.release(organizationId)) this.requestWake();
          }
          await runNext();
        };
        const lanes = Math.min(items.length, this.options.perWebhookConcurrency);
        await Promise.all(Array.from({ length: lanes }, runNext));
      }),
    );
  }

  private skipReason(job: Job<DeliveryJobData>, delivery: DeliveryWork | undefined): SkippedJob | null {
    if (!delivery) return { jobId: job.id, deliveryId: job.data.deliveryId };
    const automatic = job.data.trigger === 'initial' || job.data.trigger === 'retry';
    // A job re-run after a crash finds its delivery already delivered: nothing to send again.
    if (automatic && (delivery.status === 'SUCCEEDED' || delivery.status === 'FAILED')) {
      return { jobId: job.id, deliveryId: delivery.id };
    }
    if (automatic && delivery.webhookStatus !== 'ACTIVE') {
      const state = delivery.webhookStatus === 'PAUSED' ? 'paused' : 'disabled';
      return { jobId: job.id, deliveryId: delivery.id, webhookId: delivery.webhookId, failWith: `Not sent: the webhook was ${state}. Resend it when the webhook is active.` };
    }
    return null;
  }

  private finish(jobId: string, outcome: Outcome): void {
    this.pending.push(outcome);
    this.inFlight -= 1;
    const free = this.options.concurrency - this.inFlight;
    if (this.waitingForSlots && free >= Math.min(FETCH_LIMIT, Math.ceil(this.options.concurrency / 4))) this.wake?.();
    if (this.pending.length >= FLUSH_BATCH) {
      void this.flush();
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        void this.flush();
      }, 2);
    }
    void jobId;
  }

  /** Writes accumulated outcomes; one flush at a time, so the next batch grows meanwhile. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.pending.length === 0) return;
    }
    if (this.pending.length === 0) return;
    const outcomes = this.pending;
    this.pending = [];
    this.flushing = (async () => {
      const results = outcomes.flatMap((outcome) => (outcome.kind === 'attempt' ? [outcome.result] : []));
      const skipped = outcomes.flatMap((outcome) => (outcome.kind === 'skip' ? [outcome.skip] : []));
      for (let tries = 0; ; tries += 1) {
        try {
          const disabled = await recordAttempts({ results, skipped });
          for (const webhook of disabled) await this.options.onWebhookDisabled?.(webhook);
          break;
        } catch (error) {
          logger().error({ err: error, tries }, 'recording delivery attempts failed; retrying');
          if (tries >= 30 || !this.running) {
            // Jobs stay active without heartbeat and are retried by pg-boss: at-least-once.
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** tries)));
        }
      }
      for (const outcome of outcomes) {
        this.activeJobs.delete(outcome.kind === 'attempt' ? outcome.result.jobId : outcome.skip.jobId);
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.pending.length >= FLUSH_BATCH) await this.flush();
  }
}

function isSuperset(set: ReadonlySet<string>, subset: ReadonlySet<string>): boolean {
  if (set.size < subset.size) return false;
  for (const item of subset) if (!set.has(item)) return false;
  return true;
}
