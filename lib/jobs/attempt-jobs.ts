import 'server-only';
import { attemptDelivery } from '../deliveries/attempt-delivery';
import { loadDeliveries, type DeliveryWork } from '../deliveries/load-deliveries';
import { passOrderingGate, reserveRequestSlot } from '../deliveries/delivery-gates';
import type { SkippedJob } from '../deliveries/record-attempts';
import { logger } from '../log';
import type { DeliveryJob, FetchedBatch } from './fetch-jobs';
import type { WorkerContext } from './worker-context';

/** A job whose delivery is to be sent, with what sending it needs. */
export type ReadyJob = { job: DeliveryJob; delivery: DeliveryWork; organizationId: string };

/** A fetched batch once its deliveries are loaded: what to send, per webhook, and what to skip. */
export type PreparedBatch = {
  byWebhook: Map<string, ReadyJob[]>;
  skipped: { skip: SkippedJob; organizationId: string }[];
};

/**
 * The attempt stage: loads the batch's deliveries, skips what is not to be sent, and
 * sends the rest, at most `perWebhookConcurrency` at a time per webhook and at most the
 * organization's share at a time per organization. Each job's outcome goes to the record
 * stage as soon as it is known.
 */
export async function attemptJobs(context: WorkerContext, batch: FetchedBatch): Promise<void> {
  const { capacity, activeJobs, recorder } = context;
  let work: Map<string, DeliveryWork>;
  try {
    work = await loadDeliveries(batch.jobs.map((job) => job.data.deliveryId));
  } catch (error) {
    // The jobs stay active; their heartbeat stops with them and pg-boss retries them.
    logger().error({ err: error }, 'loading deliveries failed');
    for (const job of batch.jobs) {
      activeJobs.delete(job.id);
      capacity.drop(batch.organizationOf.get(job.id)!);
    }
    capacity.abandon(batch.jobs.length);
    return;
  }
  const prepared = prepareBatch(batch, work);
  for (const { skip, organizationId } of prepared.skipped) {
    capacity.drop(organizationId);
    capacity.finished();
    recorder.record({ kind: 'skip', skip });
  }
  await Promise.all([...prepared.byWebhook].map(([webhookId, items]) => sendInLanes(context, webhookId, items)));
}

/** Sorts a loaded batch into jobs to send (per webhook, oldest delivery first) and jobs to skip. */
export function prepareBatch(batch: FetchedBatch, work: ReadonlyMap<string, DeliveryWork>): PreparedBatch {
  const prepared: PreparedBatch = { byWebhook: new Map(), skipped: [] };
  for (const job of batch.jobs) {
    const organizationId = batch.organizationOf.get(job.id)!;
    const delivery = work.get(job.data.deliveryId);
    const skip = skipReason(job, delivery);
    if (skip || !delivery) {
      prepared.skipped.push({ skip: skip ?? { jobId: job.id, deliveryId: job.data.deliveryId }, organizationId });
      continue;
    }
    const queue = prepared.byWebhook.get(delivery.webhookId);
    if (queue) queue.push({ job, delivery, organizationId });
    else prepared.byWebhook.set(delivery.webhookId, [{ job, delivery, organizationId }]);
  }
  // Oldest delivery first (ids sort by creation time): a batch of one insert (held
  // deliveries sent on resume) comes from the queue in no guaranteed order.
  for (const queue of prepared.byWebhook.values()) {
    if (queue.length > 1) queue.sort((a, b) => (a.delivery.id < b.delivery.id ? -1 : a.delivery.id > b.delivery.id ? 1 : 0));
  }
  return prepared;
}

/** Why a job is finished without sending, or null to send it. */
export function skipReason(job: DeliveryJob, delivery: DeliveryWork | undefined): SkippedJob | null {
  if (!delivery) return { jobId: job.id, deliveryId: job.data.deliveryId };
  const automatic = job.data.trigger === 'initial' || job.data.trigger === 'retry';
  // A job re-run after a crash finds its delivery already delivered: nothing to send again.
  if (automatic && (delivery.status === 'SUCCEEDED' || delivery.status === 'FAILED')) {
    return { jobId: job.id, deliveryId: delivery.id };
  }
  // Paused or disabled after the job was queued: held until the webhook is resumed
  // (docs/delivery-semantics.md#held-deliveries). Not the creation ping: it says "this
  // webhook is set up" and means nothing later, so it is not sent, as before holding existed.
  if (automatic && delivery.webhookStatus !== 'ACTIVE') {
    if (delivery.eventType === 'ping') {
      const state = delivery.webhookStatus === 'PAUSED' ? 'paused' : 'disabled';
      return { jobId: job.id, deliveryId: delivery.id, webhookId: delivery.webhookId, failWith: `Not sent: the webhook was ${state}. Resend it when the webhook is active.` };
    }
    return { jobId: job.id, deliveryId: delivery.id, webhookId: delivery.webhookId, hold: true };
  }
  return null;
}

// A rate-limited job waits in its lane for a slot at most this long; a later slot is not
// reserved and the job is rescheduled for then instead (it keeps no worker slot meanwhile).
const MAX_RATE_WAIT_MS = 1_000;
// How soon a job of a key another worker is sending tries again.
const LEASE_BUSY_RETRY_MS = 200;

type Gate = { kind: 'send' } | { kind: 'defer'; delayMs: number } | { kind: 'park' };

/**
 * What stands between an automatic job and its request, for webhooks that set it: the
 * ordering key (one delivery of a key at a time, in order) and the rate limit (a slot
 * reserved across all workers). Unordered, unlimited deliveries pass without a query.
 */
async function passGates(job: DeliveryJob, delivery: DeliveryWork): Promise<Gate> {
  const automatic = job.data.trigger === 'initial' || job.data.trigger === 'retry';
  if (automatic && delivery.orderingKey) {
    const ask = () => passOrderingGate({ webhookId: delivery.webhookId, orderingKey: delivery.orderingKey!, deliveryId: delivery.id, holder: job.id });
    let gate = await ask();
    // The key's other delivery is usually one request away from done (often in this very
    // worker's batch): a few short waits here cost less than a rescheduled job.
    for (let wait = 10; gate.kind === 'busy' && wait <= 160; wait *= 2) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      gate = await ask();
    }
    if (gate.kind === 'busy') return { kind: 'defer', delayMs: LEASE_BUSY_RETRY_MS + Math.random() * LEASE_BUSY_RETRY_MS };
    if (gate.kind === 'blocked') return { kind: 'park' };
  }
  if (delivery.maxRequestsPerSecond) {
    const slot = await reserveRequestSlot({ webhookId: delivery.webhookId, maxRequestsPerSecond: delivery.maxRequestsPerSecond, maxWaitMs: MAX_RATE_WAIT_MS });
    if (!slot.reserved) return { kind: 'defer', delayMs: slot.waitMs + Math.random() * Math.min(slot.waitMs, 1_000) };
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  }
  return { kind: 'send' };
}

/**
 * Sends one webhook's jobs over at most `perWebhookConcurrency` lanes, each taking the
 * next job as soon as its request is over; per organization, at most its share at a time.
 */
async function sendInLanes(context: WorkerContext, webhookId: string, items: ReadyJob[]): Promise<void> {
  const { capacity } = context;
  const lane = async (): Promise<void> => {
    for (let item = items.shift(); item; item = items.shift()) {
      const { job, delivery, organizationId } = item;
      await capacity.acquireOrganization(organizationId);
      capacity.startSending(webhookId);
      try {
        if (delivery.orderingKey || delivery.maxRequestsPerSecond) {
          const gate = await passGates(job, delivery);
          if (gate.kind !== 'send') {
            capacity.finished();
            const ids = { jobId: job.id, deliveryId: delivery.id, webhookId };
            context.recorder.record(
              gate.kind === 'park'
                ? { kind: 'park', park: ids }
                : { kind: 'defer', defer: { ...ids, trigger: job.data.trigger, startAfter: new Date(Date.now() + gate.delayMs) } },
            );
            continue;
          }
        }
        const result = await attemptDelivery(delivery, { id: job.id, trigger: job.data.trigger }, context.send);
        capacity.finished();
        context.recorder.record({ kind: 'attempt', result });
      } catch (error) {
        logger().error({ err: error, deliveryId: delivery.id }, 'delivery attempt crashed');
        context.activeJobs.delete(job.id);
        capacity.abandon(1);
      } finally {
        capacity.doneSending(webhookId, organizationId);
      }
    }
  };
  const lanes = Math.min(items.length, context.perWebhookConcurrency);
  await Promise.all(Array.from({ length: lanes }, lane));
}
