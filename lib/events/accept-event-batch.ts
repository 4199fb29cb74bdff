import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../db-transaction';
import { AppError, type FieldIssue } from '../errors';
import { MAX_BODY_BYTES } from '../http/read-json-body';
import { acceptedEventBody, organizationResolver, prepareAcceptedEvent, ZEmitEvent, type EmitEventData } from './accept-event';
import { emitEvents, EventRefusedByFormat, validateEventData, type EmitInput } from './emit';
import { claimIdempotencyKeys, hashRequestBody, recordIdempotentResponses } from './idempotency';

// POST /events/batch (docs/delivery-semantics.md#batch-ingestion): up to 500 events, each
// checked as POST /events checks one, the valid ones stored in one transaction through the
// same emit path, each item optionally idempotent with the same keys as the
// Idempotency-Key header.

export const MAX_BATCH_EVENTS = 500;
/** A batch's body: 500 events of 10 KB on average; each event alone stays under POST /events' 256 KB. */
export const MAX_BATCH_BODY_BYTES = 5 * 1024 * 1024;

export const ZBatchEvent = ZEmitEvent.extend({
  idempotencyKey: z
    .string({ error: 'idempotencyKey is a string' })
    .trim()
    .min(1)
    .max(255)
    .optional()
    .describe('Same meaning as the Idempotency-Key header of POST /events (24 h, shared with it): a replayed item answers its first result; the same key with another event is that item\'s idempotency_conflict'),
});

type ParsedItem = { ok: true; event: z.output<typeof ZBatchEvent> } | { ok: false; issues: FieldIssue[] };

// Each item is parsed on its own: an invalid one becomes that item's error, never the batch's 400.
const ZBatchItem = ZBatchEvent.transform((event): ParsedItem => ({ ok: true, event })).catch(
  (context): ParsedItem => ({ ok: false, issues: context.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) }),
);

export const ZEventBatch = z.strictObject({
  events: z
    .array(ZBatchItem, { error: 'events is an array of events' })
    .min(1, 'Send at least one event')
    .max(MAX_BATCH_EVENTS, `Send at most ${MAX_BATCH_EVENTS} events per batch`)
    .describe('Each item is the body of POST /events, plus an optional idempotencyKey'),
});

export type BatchItemResult =
  | { index: number; eventId: string; deliveries: number }
  | { index: number; error: { code: string; message: string; issues?: FieldIssue[] } };

function itemError(index: number, error: AppError): BatchItemResult {
  return { index, error: { code: error.code, message: error.message, ...(error.details.issues ? { issues: error.details.issues } : {}) } };
}

type Candidate = { index: number; input: EmitInput; key: string | null; requestHash: string | null };

/**
 * Emits the candidates; one that a matched webhook's format cannot carry (emit refuses it
 * before writing anything) becomes that item's error, its Idempotency-Key unkept, and the
 * rest are emitted without it.
 */
async function emitRefusingItems(client: pg.PoolClient, toEmit: Candidate[], results: (BatchItemResult | undefined)[], organizationId: string) {
  for (;;) {
    try {
      return await emitEvents(
        toEmit.map((candidate) => candidate.input),
        client,
      );
    } catch (error) {
      if (!(error instanceof EventRefusedByFormat)) throw error;
      const [refused] = toEmit.splice(error.eventIndex, 1);
      results[refused.index] = itemError(refused.index, error);
      if (refused.key !== null) await client.query('delete from "IdempotencyKey" where "organizationId" = $1 and key = $2', [organizationId, refused.key]);
    }
  }
}

/**
 * Checks every item, then stores the valid ones, their deliveries and jobs in one
 * transaction, committed before this returns ("202 means durable" for each accepted item).
 * Results come in the items' order: `{index, eventId, deliveries}` or `{index, error}`.
 */
export async function acceptEventBatch(input: { callerOrganizationId: string; items: ParsedItem[] }): Promise<BatchItemResult[]> {
  const results: (BatchItemResult | undefined)[] = input.items.map(() => undefined);
  const resolveOrganization = organizationResolver(input.callerOrganizationId);
  const candidates: Candidate[] = [];
  for (const [index, item] of input.items.entries()) {
    if (!item.ok) {
      results[index] = itemError(index, new AppError('validation_failed', 'This event is not valid', { issues: item.issues }));
      continue;
    }
    const { idempotencyKey, ...event } = item.event;
    try {
      if (Buffer.byteLength(JSON.stringify(event)) > MAX_BODY_BYTES) {
        throw new AppError('payload_too_large', `Each event is limited to ${MAX_BODY_BYTES / 1024} KB, as in POST /events`);
      }
      const emitInput = await prepareAcceptedEvent({ callerOrganizationId: input.callerOrganizationId, event: event satisfies EmitEventData, resolveOrganization });
      validateEventData(emitInput.type, emitInput.data);
      // The hash of the event as POST /events hashes its body: one key means one event on either route.
      candidates.push({ index, input: emitInput, key: idempotencyKey ?? null, requestHash: idempotencyKey ? hashRequestBody(event) : null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results[index] = itemError(index, error);
    }
  }

  if (candidates.length > 0) {
    await withTransaction(async (client) => {
      // A key sent twice in one batch: the first item claims it, a later one with the same
      // event answers the first's result, with another event it is a conflict.
      const firstWithKey = new Map<string, Candidate>();
      const repeats: { candidate: Candidate; first: Candidate }[] = [];
      for (const candidate of candidates) {
        if (candidate.key === null) continue;
        const first = firstWithKey.get(candidate.key);
        if (!first) firstWithKey.set(candidate.key, candidate);
        else repeats.push({ candidate, first });
      }
      const claims = await claimIdempotencyKeys(client, {
        organizationId: input.callerOrganizationId,
        claims: [...firstWithKey.values()].map((candidate) => ({ key: candidate.key!, requestHash: candidate.requestHash! })),
      });
      const toEmit: Candidate[] = [];
      for (const candidate of candidates) {
        if (candidate.key === null) {
          toEmit.push(candidate);
          continue;
        }
        if (firstWithKey.get(candidate.key) !== candidate) continue;
        const claim = claims.get(candidate.key)!;
        if ('conflict' in claim) results[candidate.index] = itemError(candidate.index, claim.conflict);
        else if (!claim.claimed) results[candidate.index] = { index: candidate.index, ...(claim.response.body as { eventId: string; deliveries: number }) };
        else toEmit.push(candidate);
      }
      const emitted = await emitRefusingItems(client, toEmit, results, input.callerOrganizationId);
      toEmit.forEach((candidate, position) => (results[candidate.index] = { index: candidate.index, ...acceptedEventBody(emitted[position]) }));
      await recordIdempotentResponses(client, {
        organizationId: input.callerOrganizationId,
        responses: toEmit.flatMap((candidate, position) => (candidate.key === null ? [] : [{ key: candidate.key, status: 202, body: acceptedEventBody(emitted[position]) }])),
      });
      for (const { candidate, first } of repeats) {
        const firstResult = results[first.index]!;
        results[candidate.index] =
          candidate.requestHash !== first.requestHash
            ? itemError(candidate.index, new AppError('idempotency_conflict', 'This idempotencyKey was already used with a different event'))
            : { ...firstResult, index: candidate.index };
      }
    });
  }
  return results.map((result) => result!);
}
