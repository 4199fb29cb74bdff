import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db-transaction';
import { AppError } from '../errors';
import { createId } from '../ids';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type StoredResponse = { status: number; body: unknown; replayed: boolean };

export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  const key = header.trim();
  if (key.length === 0 || key.length > 255) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 characters', {
      issues: [{ path: 'Idempotency-Key', message: 'Use 1 to 255 characters, e.g. a UUID' }],
    });
  }
  return key;
}

export function hashRequestBody(requestBody: unknown): string {
  return createHash('sha256').update(JSON.stringify(requestBody)).digest('hex');
}

/** What claiming a key found: it is ours now, or its first request's response to replay. */
export type IdempotencyClaim = { claimed: true } | { claimed: false; response: { status: number; body: unknown } };

/**
 * Claims (organization, key) pairs for 24 hours inside the caller's transaction, in key
 * order (two requests claiming the same keys cannot deadlock). A key another transaction
 * holds waits on the key's unique index until it commits, then answers its response; the
 * same key with another body throws idempotency_conflict, or is that claim's `conflict`
 * when claiming several (a batch answers it for that item alone).
 */
export async function claimIdempotencyKeys(
  client: pg.PoolClient,
  input: { organizationId: string; claims: { key: string; requestHash: string }[]; now?: Date },
): Promise<Map<string, IdempotencyClaim | { claimed: false; conflict: AppError }>> {
  const now = input.now ?? new Date();
  const claims = [...input.claims].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = claims.map((claim) => claim.key);
  const answers = new Map<string, IdempotencyClaim | { claimed: false; conflict: AppError }>();
  if (claims.length === 0) return answers;
  // An expired key is free again.
  await client.query(`delete from "IdempotencyKey" where "organizationId" = $1 and key = any($2::text[]) and "expiresAt" <= $3`, [input.organizationId, keys, now]);
  const { rows: inserted } = await client.query<{ key: string }>(
    `insert into "IdempotencyKey" (id, "organizationId", key, "requestHash", "createdAt", "expiresAt")
     select c.id, $1, c.key, c."requestHash", $4, $5 from unnest($2::text[], $3::text[], $6::text[]) with ordinality as c(key, "requestHash", id, position)
     order by c.position
     on conflict ("organizationId", key) do nothing returning key`,
    [input.organizationId, keys, claims.map((claim) => claim.requestHash), now, new Date(now.getTime() + IDEMPOTENCY_TTL_MS), claims.map(() => createId('idem'))],
  );
  for (const { key } of inserted) answers.set(key, { claimed: true });
  const taken = claims.filter((claim) => !answers.has(claim.key));
  if (taken.length === 0) return answers;
  const { rows } = await client.query<{ key: string; requestHash: string; responseStatus: number | null; responseBody: unknown }>(
    `select key, "requestHash", "responseStatus", "responseBody" from "IdempotencyKey" where "organizationId" = $1 and key = any($2::text[])`,
    [input.organizationId, taken.map((claim) => claim.key)],
  );
  const existing = new Map(rows.map((row) => [row.key, row]));
  for (const claim of taken) {
    const row = existing.get(claim.key);
    if (!row || row.requestHash !== claim.requestHash) {
      answers.set(claim.key, { claimed: false, conflict: new AppError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body') });
    } else if (row.responseStatus === null) {
      answers.set(claim.key, { claimed: false, conflict: new AppError('idempotency_conflict', 'A request with this Idempotency-Key is still being processed') });
    } else {
      answers.set(claim.key, { claimed: false, response: { status: row.responseStatus, body: row.responseBody } });
    }
  }
  return answers;
}

/** Stores the responses of claimed keys, in the transaction that claimed them and did the work. */
export async function recordIdempotentResponses(
  client: pg.PoolClient,
  input: { organizationId: string; responses: { key: string; status: number; body: unknown }[] },
): Promise<void> {
  if (input.responses.length === 0) return;
  await client.query(
    `update "IdempotencyKey" k set "responseStatus" = r.status, "responseBody" = r.body::jsonb
     from unnest($2::text[], $3::int[], $4::text[]) as r(key, status, body) where k."organizationId" = $1 and k.key = r.key`,
    [input.organizationId, input.responses.map((response) => response.key), input.responses.map((response) => response.status), input.responses.map((response) => JSON.stringify(response.body))],
  );
}

/**
 * Runs `work` at most once per (organization, key) for 24 hours, in one transaction
 * with the key's record. A concurrent request with the same key waits on the key's
 * unique index until the first commits, then gets the first response; the same key
 * with another body is a 409.
 */
export async function runIdempotent(input: {
  organizationId: string;
  key: string;
  requestBody: unknown;
  work: (client: pg.PoolClient) => Promise<{ status: number; body: unknown }>;
  now?: Date;
}): Promise<StoredResponse> {
  return withTransaction(async (client) => {
    const claim = (await claimIdempotencyKeys(client, { organizationId: input.organizationId, claims: [{ key: input.key, requestHash: hashRequestBody(input.requestBody) }], now: input.now })).get(input.key)!;
    if ('conflict' in claim) throw claim.conflict;
    if (!claim.claimed) return { ...claim.response, replayed: true };
    const response = await input.work(client);
    await recordIdempotentResponses(client, { organizationId: input.organizationId, responses: [{ key: input.key, ...response }] });
    return { ...response, replayed: false };
  });
}
