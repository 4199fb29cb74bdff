import 'server-only';
import type pg from 'pg';
import { withTransaction } from '../db-transaction';
import { env } from '../env';
import { logger } from '../log';
import { createId } from '../ids';
import { attemptMetricIncrements, incrementMetrics } from '../metrics/delivery-metrics';
import { enqueueDeliveries, settleDeliveryJobs, type DeliveryJob } from '../queue/delivery-jobs';
import type { AttemptResult } from './attempt-delivery';
import type { DeliveryTrigger } from './delivery-trigger';
import { scrubAttemptsOfExpunged } from './scrub-expunged-attempts';
import { decideRetry } from './retry-schedule';

/**
 * A job finished without an HTTP attempt: its delivery vanished or was already delivered
 * (nothing to write), or its webhook is off (`hold`: the delivery becomes HELD).
 */
export type SkippedJob = { jobId: string; deliveryId: string; webhookId?: string; failWith?: string; hold?: boolean };

/**
 * A job put off without an attempt (nothing counted): its webhook's rate limit or its
 * ordering key's lease held it back. A new job runs it again at `startAfter`.
 */
export type DeferredJob = { jobId: string; deliveryId: string; webhookId: string; trigger: DeliveryTrigger; startAfter: Date };

/** A job of an ordered delivery that waits for an earlier one of its key: no job until that one settles. */
export type ParkedJob = { jobId: string; deliveryId: string; webhookId: string };

export type DisabledWebhook = { id: string; organizationId: string; url: string; reason: string; disabledAt: Date };

/** A webhook whose failure streak just crossed a warning threshold (lib/webhooks/failing-warnings.ts). */
export type FailingWebhook = { id: string; organizationId: string; url: string; failingSince: Date; disableAt: Date; failingForHours: number; consecutiveFailures: number; lastError: string | null };

export type RecordedOutcomes = { disabled: DisabledWebhook[]; failing: FailingWebhook[] };

/** Hours into a failure streak at which `webhook.failing` goes out, once each (only those before the disable). */
export const FAILING_WARNING_HOURS = [1, 24, 72] as const;

type WebhookTally = {
  successes: number;
  failures: number;
  trailingFailures: number;
  sawSuccess: boolean;
  firstTrailingFailureAt: Date | null;
  lastAt: Date;
};

function tallyByWebhook(results: AttemptResult[]): Map<string, WebhookTally> {
  const tallies = new Map<string, WebhookTally>();
  const ordered = [...results].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const result of ordered) {
    const tally = tallies.get(result.webhookId) ?? {
      successes: 0,
      failures: 0,
      trailingFailures: 0,
      sawSuccess: false,
      firstTrailingFailureAt: null,
      lastAt: result.startedAt,
    };
    if (result.succeeded) {
      tally.successes += 1;
      tally.trailingFailures = 0;
      tally.sawSuccess = true;
      tally.firstTrailingFailureAt = null;
    } else {
      tally.failures += 1;
      tally.trailingFailures += 1;
      tally.firstTrailingFailureAt ??= result.startedAt;
    }
    if (result.startedAt > tally.lastAt) tally.lastAt = result.startedAt;
    tallies.set(result.webhookId, tally);
  }
  return tallies;
}

/**
 * Writes a batch of finished attempts in one transaction: the attempt log, each
 * delivery's new state, the webhooks' counters, the next retries, and the completion
 * of the jobs. Returns the webhooks this batch disabled (410, or failing for days).
 */
export async function recordAttempts(input: {
  results: AttemptResult[];
  skipped: SkippedJob[];
  deferred?: DeferredJob[];
  parked?: ParkedJob[];
  now?: Date;
}): Promise<RecordedOutcomes> {
  const { results, skipped } = input;
  const deferred = input.deferred ?? [];
  const parked = input.parked ?? [];
  const now = input.now ?? new Date();
  const config = env();
  if (results.length === 0 && skipped.length === 0 && deferred.length === 0 && parked.length === 0) return { disabled: [], failing: [] };

  const retries: DeliveryJob<DeliveryTrigger>[] = [];
  const updates = results.map((result) => {
    const automatic = result.trigger === 'initial' || result.trigger === 'retry';
    if (result.succeeded) return { result, status: 'SUCCEEDED', next: null as Date | null };
    const decision = automatic && !result.gone
      ? decideRetry({
          policy: result.retryPolicy,
          attempt: result.attempt,
          scale: config.TIDINGS_RETRY_SCALE,
          retryAfterSeconds: result.retryAfterSeconds,
        })
      : { retry: false as const };
    if (!decision.retry) return { result, status: 'FAILED', next: null };
    const next = new Date(result.startedAt.getTime() + result.durationMs + decision.delayMs);
    retries.push({ deliveryId: result.deliveryId, webhookId: result.webhookId, trigger: 'retry', startAfter: next });
    return { result, status: 'RETRYING', next };
  });

  // The number each attempt is logged under, where it is not the one it was sent with.
  const recordedAttempt = new Map<AttemptResult, number>();
  let settled = updates;
  const recorded = await withTransaction(async (client) => {
    // Deleting a webhook locks its row, then its deliveries (by cascade). A key-share lock
    // on the webhooks first makes a deletion wait for this batch, in the same order, so
    // the two never deadlock; key-share locks do not conflict, so workers recording
    // results of the same webhooks at once do not wait for each other here.
    const webhookIds = [
      ...new Set([
        ...results.map((r) => r.webhookId),
        ...skipped.flatMap((skip) => (skip.webhookId ? [skip.webhookId] : [])),
        ...deferred.map((job) => job.webhookId),
        ...parked.map((job) => job.webhookId),
      ]),
    ].sort();
    if (webhookIds.length > 0) {
      await client.query(`select id from "Webhook" where id = any($1::text[]) order by id for key share`, [webhookIds]);
    }
    if (results.length > 0) {
      // A delivery deleted with its webhook before this batch took its locks has nothing to log.
      const attemptIds = results.map(() => createId('att'));
      // One JSON document for the whole batch: V8 serializes it in one pass, where fourteen
      // parallel arrays were escaped element by element into array literals.
      const inserted = await client.query<{ id: string }>(
        `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl",
                                "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody", error,
                                "responseTruncated")
         select u.i, u.d, u.n, u.t::"AttemptTrigger", u.s, u.ms, u.url, u.qh, u.qb, u.rs, u.rh, u.rb, u.e, coalesce(u.rt, false)
         from json_to_recordset($1::json) as u(i text, d text, n int, t text, s timestamptz, ms int, url text, qh jsonb,
                                                qb text, rs int, rh jsonb, rb text, e text, rt bool)
         where exists (select 1 from "Delivery" d where d.id = u.d)
         on conflict ("deliveryId", attempt) do nothing
         returning id`,
        [recordsDocument(results.map((r, index) => attemptRow(r, attemptIds[index])))],
      );
      if (inserted.rows.length < results.length) {
        await recordCollidingAttempts(client, results, attemptIds, new Set(inserted.rows.map((row) => row.id)), recordedAttempt);
      }
      // One new state per delivery, even when two of its attempts are in this batch. A delivery
      // failed while its attempt was in flight (its event expunged) stays failed: a sent attempt
      // never brings it back (a resend sets it PENDING before it is attempted again).
      settled = settleEachDelivery(updates, recordedAttempt);
      const updated = await client.query<{ id: string }>(
        `update "Delivery" d set status = u.status::"DeliveryStatus",
                "attemptCount" = greatest(d."attemptCount", u.attempt),
                "lastStatusCode" = u.code, "lastError" = u.error,
                "lastAttemptAt" = u.at, "nextAttemptAt" = u.next
         from json_to_recordset($1::json) as u(id text, status text, attempt int, code int, error text, at timestamptz, next timestamptz)
         where d.id = u.id and d.status <> 'FAILED'
         returning d.id`,
        [
          recordsDocument(
            settled.map((u) => ({
              id: u.result.deliveryId,
              status: u.status,
              attempt: recordedAttempt.get(u.result) ?? u.result.attempt,
              code: u.result.response?.status ?? null,
              error: u.result.succeeded ? null : u.result.error,
              at: u.result.startedAt,
              next: u.next,
            })),
          ),
        ],
      );
      if (updated.rows.length < settled.length) await scrubAttemptsOfExpunged(client, settled, updated.rows);
    }
    const failedWithoutAttempt = skipped.filter((skip) => skip.failWith);
    if (failedWithoutAttempt.length > 0) {
      await client.query(
        `update "Delivery" d set status = 'FAILED', "lastError" = u.error, "nextAttemptAt" = null
         from unnest($1::text[], $2::text[]) as u(id, error) where d.id = u.id and d.status <> 'SUCCEEDED'`,
        [failedWithoutAttempt.map((skip) => skip.deliveryId), failedWithoutAttempt.map((skip) => skip.failWith)],
      );
    }

    const held = skipped.filter((skip) => skip.hold);
    if (held.length > 0) {
      // Its webhook was paused or disabled after the job was queued: kept, as events that
      // arrive while it is off are (docs/delivery-semantics.md#held-deliveries).
      await client.query(
        `update "Delivery" set status = 'HELD', "nextAttemptAt" = null where id = any($1::text[]) and status in ('PENDING', 'RETRYING')`,
        [held.map((skip) => skip.deliveryId)],
      );
    }
    if (parked.length > 0) {
      await client.query(`update "OrderedDelivery" set parked = true where "deliveryId" = any($1::text[])`, [parked.map((job) => job.deliveryId)]);
    }
    const woken = await settleOrderedDeliveries(client, updates.filter((u) => u.result.orderingKey).map((u) => ({ result: u.result, status: u.status })));

    await enqueueDeliveries(client, [
      ...retries,
      ...deferred.map((job) => ({ deliveryId: job.deliveryId, webhookId: job.webhookId, trigger: job.trigger, startAfter: job.startAfter })),
      ...woken,
    ]);
    // A settled job is deleted, not marked completed (see settleDeliveryJobs).
    const settledJobs = [...results.map((r) => r.jobId), ...skipped.map((skip) => skip.jobId), ...deferred.map((job) => job.jobId), ...parked.map((job) => job.jobId)];
    await settleDeliveryJobs(client, settledJobs);
    // The ordering leases these jobs held: released with what they did, so the next holder sees it.
    if (parked.length > 0 || deferred.length > 0 || woken.length > 0 || results.some((r) => r.orderingKey)) {
      await client.query(`delete from "OrderingLease" where holder = any($1::text[])`, [settledJobs]);
    }

    // Last, the rows every worker updates (webhook counters, metrics): locked in id order
    // and held only until the commit that follows, so concurrent batches barely wait.
    const disabledRows: DisabledWebhook[] = [];
    if (results.length > 0) {
      const counted = [...new Set(results.map((r) => r.webhookId))].sort();
      await client.query(`select id from "Webhook" where id = any($1::text[]) order by id for no key update`, [counted]);
      const tallies = [...tallyByWebhook(results)];
      await client.query(
        `update "Webhook" w set
           "successCount" = w."successCount" + u.successes,
           "failureCount" = w."failureCount" + u.failures,
           "consecutiveFailures" = case when u.saw_success then u.trailing_failures else w."consecutiveFailures" + u.trailing_failures end,
           "failingSince" = case when u.trailing_failures = 0 then null
                                 when u.saw_success then u.first_failure
                                 else coalesce(w."failingSince", u.first_failure) end,
           "failingWarnedLevel" = case when u.saw_success then 0 else w."failingWarnedLevel" end,
           "lastDeliveryAt" = greatest(w."lastDeliveryAt", u.last_at)
         from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::bool[], $6::timestamptz[], $7::timestamptz[])
              as u(id, successes, failures, trailing_failures, saw_success, first_failure, last_at)
         where w.id = u.id`,
        [
          tallies.map(([id]) => id),
          tallies.map(([, t]) => t.successes),
          tallies.map(([, t]) => t.failures),
          tallies.map(([, t]) => t.trailingFailures),
          tallies.map(([, t]) => t.sawSuccess),
          tallies.map(([, t]) => t.firstTrailingFailureAt),
          tallies.map(([, t]) => t.lastAt),
        ],
      );
    }
    const gone = [...new Set(results.filter((r) => r.gone).map((r) => r.webhookId))];
    if (gone.length > 0) {
      const { rows } = await client.query<DisabledWebhook>(
        `update "Webhook" set status = 'DISABLED', "disabledAt" = $2, "updatedAt" = $2,
                "disabledReason" = 'The receiver answered 410 Gone'
         where id = any($1::text[]) and status <> 'DISABLED'
         returning id, "organizationId", url, "disabledReason" as reason, "disabledAt"`,
        [gone, now],
      );
      disabledRows.push(...rows);
    }
    const failing = [...new Set(results.filter((r) => !r.succeeded).map((r) => r.webhookId))];
    const warned: FailingWebhook[] = [];
    if (failing.length > 0) {
      const days = config.TIDINGS_DISABLE_AFTER_DAYS;
      // Thresholds before the disable only; each crossed once per streak (failingWarnedLevel).
      const thresholds = FAILING_WARNING_HOURS.filter((hours) => hours < days * 24);
      const { rows: warnings } = await client.query<FailingWebhook & { level: number }>(
        `with levels as (
           select w.id, (select count(*)::int from unnest($3::int[]) as t(hours) where w."failingSince" <= $2::timestamptz - make_interval(hours => t.hours)) as level
           from "Webhook" w
           where w.id = any($1::text[]) and w.status = 'ACTIVE' and w."consecutiveFailures" > 0 and w."failingSince" is not null
         )
         update "Webhook" w set "failingWarnedLevel" = levels.level
         from levels where w.id = levels.id and levels.level > w."failingWarnedLevel"
         returning w.id, w."organizationId", w.url, w."failingSince", w."consecutiveFailures", levels.level`,
        [failing, now, thresholds],
      );
      for (const row of warnings) {
        const last = [...results].reverse().find((r) => r.webhookId === row.id && !r.succeeded);
        warned.push({
          id: row.id,
          organizationId: row.organizationId,
          url: row.url,
          failingSince: row.failingSince,
          disableAt: new Date(row.failingSince.getTime() + days * 86_400_000),
          failingForHours: thresholds[row.level - 1],
          consecutiveFailures: row.consecutiveFailures,
          lastError: last?.error ?? null,
        });
      }
      const { rows } = await client.query<DisabledWebhook>(
        `update "Webhook" set status = 'DISABLED', "disabledAt" = $2, "updatedAt" = $2,
                "disabledReason" = $3
         where id = any($1::text[]) and status = 'ACTIVE' and "consecutiveFailures" > 0
           and "failingSince" <= $2::timestamptz - make_interval(secs => $4)
         returning id, "organizationId", url, "disabledReason" as reason, "disabledAt"`,
        [failing, now, `Every delivery failed for ${days} day${days === 1 ? '' : 's'}`, days * 86_400],
      );
      disabledRows.push(...rows);
    }

    await incrementMetrics(
      client,
      attemptMetricIncrements({
        results,
        deliveryStatuses: [...settled.map((u) => u.status), ...failedWithoutAttempt.map(() => 'FAILED')],
        retriesScheduled: retries.length,
        webhooksDisabled: disabledRows.length,
      }),
    );
    // A webhook disabled by this batch is past warning.
    const disabledIds = new Set(disabledRows.map((row) => row.id));
    return { disabled: disabledRows, failing: warned.filter((webhook) => !disabledIds.has(webhook.id)) };
  });
  logOutcomes(updates);
  return recorded;
}

/**
 * A batch of rows as one JSON document (json_to_recordset). JSON.stringify escapes a lone
 * surrogate (from a custom header value, say) as \\udXXX, which PostgreSQL refuses; the text
 * path turned it into U+FFFD, and so does this one, on the rare document that has one.
 */
export function recordsDocument(rows: unknown[]): string {
  const document = JSON.stringify(rows);
  if (!/\\u[dD][89a-fA-F]/.test(document)) return document;
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value));
}

/** One attempt as a row of the batch insert's JSON document (keys as its column list names them). */
function attemptRow(r: AttemptResult, id: string) {
  return {
    i: id,
    d: r.deliveryId,
    n: r.attempt,
    t: r.trigger,
    s: r.startedAt,
    ms: r.durationMs,
    url: r.request.url,
    qh: r.request.headers,
    qb: r.request.body,
    rs: r.response?.status ?? null,
    rh: r.response?.headers ?? null,
    rb: r.response?.body ?? null,
    e: r.error,
    rt: r.response?.truncated ?? false,
  };
}

/**
 * Ordered deliveries that just settled (SUCCEEDED, or FAILED with retries exhausted) let the
 * next parked delivery of their key go: it gets a job again. One that ran out of retries
 * while later deliveries of its key waited is marked: order was broken there.
 */
async function settleOrderedDeliveries(
  client: pg.PoolClient,
  settled: { result: AttemptResult; status: string }[],
): Promise<DeliveryJob<DeliveryTrigger>[]> {
  const done = settled.filter((item) => item.status === 'SUCCEEDED' || item.status === 'FAILED');
  if (done.length === 0) return [];
  const exhausted = done.filter((item) => item.status === 'FAILED').map((item) => item.result.deliveryId);
  if (exhausted.length > 0) {
    await client.query(
      `update "OrderedDelivery" o set "orderBroken" = true
       where o."deliveryId" = any($1::text[]) and exists (
         select 1 from "OrderedDelivery" l join "Delivery" d on d.id = l."deliveryId"
         where l."webhookId" = o."webhookId" and l."orderingKey" = o."orderingKey" and l."deliveryId" > o."deliveryId"
           and d.status in ('PENDING', 'RETRYING'))`,
      [exhausted],
    );
  }
  const { rows } = await client.query<{ deliveryId: string; webhookId: string; attemptCount: number }>(
    `with keys as (select distinct "webhookId", "orderingKey" from "OrderedDelivery" where "deliveryId" = any($1::text[])),
     next as (
       select distinct on (o."webhookId", o."orderingKey") o."deliveryId"
       from "OrderedDelivery" o join keys k on k."webhookId" = o."webhookId" and k."orderingKey" = o."orderingKey"
       where o.parked
       order by o."webhookId", o."orderingKey", o."deliveryId"
     )
     update "OrderedDelivery" o set parked = false from next, "Delivery" d
     where o."deliveryId" = next."deliveryId" and d.id = o."deliveryId"
     returning o."deliveryId", o."webhookId", d."attemptCount"`,
    [done.map((item) => item.result.deliveryId)],
  );
  return rows.map((row) => ({ deliveryId: row.deliveryId, webhookId: row.webhookId, trigger: row.attemptCount > 0 ? 'retry' : 'initial' }));
}

type DeliveryUpdate = { result: AttemptResult; status: string; next: Date | null };

/** Per delivery, the update that decides its state: a success, else its last attempt. */
function settleEachDelivery(updates: DeliveryUpdate[], recordedAttempt: ReadonlyMap<AttemptResult, number>): DeliveryUpdate[] {
  if (new Set(updates.map((u) => u.result.deliveryId)).size === updates.length) return updates;
  const byDelivery = new Map<string, DeliveryUpdate>();
  const number = (u: DeliveryUpdate) => recordedAttempt.get(u.result) ?? u.result.attempt;
  for (const update of updates) {
    const kept = byDelivery.get(update.result.deliveryId);
    const wins = !kept || (update.result.succeeded && !kept.result.succeeded) || (update.result.succeeded === kept.result.succeeded && number(update) > number(kept));
    if (wins) byDelivery.set(update.result.deliveryId, update);
  }
  return [...byDelivery.values()];
}

/**
 * Two jobs of one delivery can run at once (a resend while a retry comes due): both
 * were sent as attempt N. Each request really went out, so each is logged: the later
 * ones under the delivery's next free numbers, their request headers as sent. The
 * insert that collided waited for the other transaction on the unique index, so the
 * numbers read here are settled.
 */
async function recordCollidingAttempts(
  client: pg.PoolClient,
  results: AttemptResult[],
  attemptIds: string[],
  inserted: ReadonlySet<string>,
  recordedAttempt: Map<AttemptResult, number>,
): Promise<void> {
  for (const [index, result] of results.entries()) {
    if (inserted.has(attemptIds[index])) continue;
    const { rows } = await client.query<{ attempt: number }>(
      `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl",
                              "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody", error,
                              "responseTruncated")
       select $1, d.id, coalesce((select max(a.attempt) from "Attempt" a where a."deliveryId" = d.id), 0) + 1,
              $3::"AttemptTrigger", $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12, $13
       from "Delivery" d where d.id = $2
       returning attempt`,
      [
        attemptIds[index],
        result.deliveryId,
        result.trigger,
        result.startedAt,
        result.durationMs,
        result.request.url,
        JSON.stringify(result.request.headers),
        result.request.body,
        result.response?.status ?? null,
        result.response ? JSON.stringify(result.response.headers) : null,
        result.response?.body ?? null,
        result.error,
        result.response?.truncated ?? false,
      ],
    );
    if (rows[0]) recordedAttempt.set(result, rows[0].attempt);
  }
}

/** One JSON line per recorded attempt: failures at info, successes at debug. Ids and outcome only, never headers or bodies. */
function logOutcomes(updates: { result: AttemptResult; status: string; next: Date | null }[]): void {
  const log = logger();
  const successes = log.isLevelEnabled('debug');
  for (const { result, status, next } of updates) {
    if (result.succeeded && !successes) continue;
    const fields = {
      deliveryId: result.deliveryId,
      eventId: result.eventId,
      webhookId: result.webhookId,
      attempt: result.attempt,
      trigger: result.trigger,
      statusCode: result.response?.status ?? null,
      durationMs: result.durationMs,
      deliveryStatus: status,
    };
    if (result.succeeded) log.debug(fields, 'delivery attempt succeeded');
    else log.info({ ...fields, error: result.error, nextAttemptAt: next?.toISOString() ?? null }, 'delivery attempt failed');
  }
}
