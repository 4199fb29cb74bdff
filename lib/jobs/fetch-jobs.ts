import 'server-only';
import type { Job } from 'pg-boss';
import type { DeliveryTrigger } from '../deliveries/delivery-trigger';
import { logger } from '../log';
import type { DeliveryJobData } from '../queue/delivery-jobs';
import { DELIVERY_QUEUE } from '../queue/queues';
import { FETCH_LIMIT } from './worker-capacity';
import type { WorkerContext } from './worker-context';

export type DeliveryJob = Job<DeliveryJobData<DeliveryTrigger>>;

/** Fetched jobs, each counted against its organization (job id → organization id). */
export type FetchedBatch = { jobs: DeliveryJob[]; organizationOf: ReadonlyMap<string, string> };

/**
 * The last fetch that found nothing: what it left out, when, and after how many NOTIFYs.
 * Until a NOTIFY (or EMPTY_FETCH_VALID_MS), a fetch leaving out at least as much finds
 * nothing either (fetching only takes jobs away), and would only scan the backlog of
 * the webhooks it leaves out again: a saturated organization's deep backlog.
 */
export type EmptyFetch = { ignored: ReadonlySet<string>; at: number; notifications: number };

export type FetchState = { emptyFetch: EmptyFetch | null };

export type FetchStep = { state: FetchState; batch: FetchedBatch | null };

// How long an empty fetch vouches for "nothing outside what it left out" when no NOTIFY
// came: new jobs always NOTIFY; only retries coming due (and NOTIFYs lost while the
// LISTEN connection is down) are seen up to this much later while an organization is at
// its share. Checked every poll interval, so a webhook freed from its own cap is not.
const EMPTY_FETCH_VALID_MS = 2_000;

/**
 * The fetch stage: one turn of the fetch loop. Takes as many jobs as there are free slots
 * (at most FETCH_LIMIT), leaving out the webhooks at their cap and those of organizations
 * at their share (pg-boss's `ignoreGroups`), and counts them against their organizations
 * before the next fetch. Returns no batch after sleeping when there is nothing to do:
 * no free slot, nothing new since an empty fetch that left out as much, an empty fetch,
 * or an error.
 */
export async function fetchJobs(context: WorkerContext, state: FetchState): Promise<FetchStep> {
  const { capacity, wakeup, pollIntervalMs: poll } = context;
  const free = capacity.free();
  if (free <= 0) {
    await capacity.waitForSlots(poll);
    return { state, batch: null };
  }
  const saturated = capacity.saturatedWebhooks();
  const known = state.emptyFetch;
  const sinceEmpty = known ? performance.now() - known.at : Infinity;
  const vouchedFor = Math.max(poll, EMPTY_FETCH_VALID_MS);
  if (known && sinceEmpty < vouchedFor && known.notifications === wakeup.notifications && isSuperset(saturated, known.ignored)) {
    // Woken by a NOTIFY, or when an organization goes back under its share.
    await wakeup.sleep(Math.min(poll, vouchedFor - sinceEmpty));
    return { state, batch: null };
  }
  let jobs: DeliveryJob[];
  const fetchedAt = performance.now();
  const notifications = wakeup.notifications;
  try {
    jobs = await context.boss.fetch<DeliveryJobData<DeliveryTrigger>>(DELIVERY_QUEUE, {
      batchSize: Math.min(free, FETCH_LIMIT),
      ignoreGroups: saturated.size > 0 ? [...saturated] : undefined,
    });
  } catch (error) {
    logger().error({ err: error }, 'fetching delivery jobs failed');
    await wakeup.sleep(1_000);
    return { state, batch: null };
  }
  if (jobs.length === 0) {
    await wakeup.sleep(poll);
    return { state: { emptyFetch: { ignored: saturated, at: fetchedAt, notifications } }, batch: null };
  }
  capacity.take(jobs.length);
  for (const job of jobs) context.activeJobs.add(job.id);
  // Owners are counted before the next fetch, so that fetch already leaves out an
  // organization this batch filled up.
  try {
    const organizationOf = await capacity.holdForOrganizations(jobs);
    return { state, batch: { jobs, organizationOf } };
  } catch (error) {
    // As when loading fails: the jobs stay active without heartbeat and pg-boss retries them.
    logger().error({ err: error }, 'looking up the organizations of delivery jobs failed');
    for (const job of jobs) context.activeJobs.delete(job.id);
    capacity.abandon(jobs.length);
    await wakeup.sleep(1_000);
    return { state, batch: null };
  }
}

function isSuperset(set: ReadonlySet<string>, subset: ReadonlySet<string>): boolean {
  if (set.size < subset.size) return false;
  for (const item of subset) if (!set.has(item)) return false;
  return true;
}
