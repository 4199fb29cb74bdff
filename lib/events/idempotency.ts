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
  const requestHash = createHash('sha256').update(JSON.stringify(input.requestBody)).digest('hex');
  const now = input.now ?? new Date();
  return withTransaction(async (client) => {
    // An expired key is free again.
    await client.query(`delete from "IdempotencyKey" where "organizationId" = $1 and key = $2 and "expiresAt" <= $3`, [input.organizationId, input.key, now]);
    const inserted = await client.query(
      `insert into "IdempotencyKey" (id, "organizationId", key, "requestHash", "createdAt", "expiresAt")
       values ($1, $2, $3, $4, $5, $6) on conflict ("organizationId", key) do nothing returning id`,
      [createId('idem'), input.organizationId, input.key, requestHash, now, new Date(now.getTime() + IDEMPOTENCY_TTL_MS)],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await client.query<{ requestHash: string; responseStatus: number | null; responseBody: unknown }>(
        `select "requestHash", "responseStatus", "responseBody" from "IdempotencyKey" where "organizationId" = $1 and key = $2`,
        [input.organizationId, input.key],
      );
      const existing = rows[0];
      if (!existing || existing.requestHash !== requestHash) {
        throw new AppError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body');
      }
      if (existing.responseStatus === null) {
        throw new AppError('idempotency_conflict', 'A request with this Idempotency-Key is still being processed');
      }
      return { status: existing.responseStatus, body: existing.responseBody, replayed: true };
    }
    const response = await input.work(client);
    await client.query(
      `update "IdempotencyKey" set "responseStatus" = $3, "responseBody" = $4 where "organizationId" = $1 and key = $2`,
      [input.organizationId, input.key, response.status, JSON.stringify(response.body)],
    );
    return { ...response, replayed: false };
  });
}
