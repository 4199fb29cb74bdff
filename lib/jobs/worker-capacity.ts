import 'server-only';
import type { Job } from 'pg-boss';
import { OrganizationSlots } from './organization-slots';
import type { Wakeup } from './wakeup';
import { WebhookOrganizations } from './webhook-organizations';

export type CapacityLimits = {
  concurrency: number;
  perWebhookConcurrency: number;
  perOrganizationConcurrency: number;
};

// Most jobs one fetch takes; a worker waiting for free slots is woken once a batch of
// min(FETCH_LIMIT, a quarter of its concurrency) would fit.
export const FETCH_LIMIT = 100;

/**
 * The worker's slots, counted: jobs in flight (fetched, not yet finished), requests per
 * webhook, and jobs held and requests sent per organization (organization-slots.ts). The
 * stages take and give back slots through these methods; the counts decide what the next
 * fetch may take and leave out.
 */
export class WorkerCapacity {
  private inFlight = 0;
  private waitingForSlots = false;
  private readonly perWebhook = new Map<string, number>();
  private readonly organizations: OrganizationSlots;
  private readonly webhookOrganizations = new WebhookOrganizations();

  constructor(
    private readonly limits: CapacityLimits,
    private readonly wakeup: Wakeup,
  ) {
    this.organizations = new OrganizationSlots(limits.perOrganizationConcurrency);
  }

  /** Jobs the worker may still fetch. */
  free(): number {
    return this.limits.concurrency - this.inFlight;
  }

  idle(): boolean {
    return this.inFlight <= 0;
  }

  /** Sleeps while every slot is taken; finished() wakes it as soon as enough are free for a worthwhile batch. */
  async waitForSlots(pollMs: number): Promise<void> {
    this.waitingForSlots = true;
    await this.wakeup.sleep(pollMs);
    this.waitingForSlots = false;
  }

  /** Webhooks not to fetch for now: at their own cap, or owned by an organization at its cap. */
  saturatedWebhooks(): Set<string> {
    const saturated = new Set<string>();
    for (const [webhookId, count] of this.perWebhook) {
      if (count >= this.limits.perWebhookConcurrency) saturated.add(webhookId);
    }
    for (const organizationId of this.organizations.saturated()) {
      for (const webhookId of this.webhookOrganizations.webhooksOf(organizationId)) saturated.add(webhookId);
    }
    return saturated;
  }

  /** Fetched jobs take slots. */
  take(count: number): void {
    this.inFlight += count;
  }

  /** Jobs given up without an outcome (pg-boss will retry them) free their slots. */
  abandon(count: number): void {
    this.inFlight -= count;
  }

  /** A job's outcome is known (recorded later): its slot is free. */
  finished(): void {
    this.inFlight -= 1;
    const free = this.limits.concurrency - this.inFlight;
    if (this.waitingForSlots && free >= Math.min(FETCH_LIMIT, Math.ceil(this.limits.concurrency / 4))) this.wakeup.wake();
  }

  /**
   * Counts each fetched job against its webhook's organization; returns the organization
   * of each job. Only a webhook this worker has not seen before costs a query.
   */
  async holdForOrganizations(jobs: readonly Job<unknown>[]): Promise<Map<string, string>> {
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

  /** A held job that will not be sent (skipped, or not loaded) stops counting against its organization. */
  drop(organizationId: string): void {
    if (this.organizations.drop(organizationId)) this.wakeup.request();
  }

  /** Waits (in arrival order) for one of the organization's sending slots; undefined when one is free now. */
  acquireOrganization(organizationId: string): Promise<void> | undefined {
    return this.organizations.acquire(organizationId);
  }

  /** A request to the webhook starts (its organization's slot already acquired). */
  startSending(webhookId: string): void {
    this.perWebhook.set(webhookId, (this.perWebhook.get(webhookId) ?? 0) + 1);
  }

  /** A request to the webhook is over: its webhook and organization slots are free. */
  doneSending(webhookId: string, organizationId: string): void {
    const count = (this.perWebhook.get(webhookId) ?? 1) - 1;
    if (count <= 0) this.perWebhook.delete(webhookId);
    else this.perWebhook.set(webhookId, count);
    if (this.organizations.release(organizationId)) this.wakeup.request();
  }
}
