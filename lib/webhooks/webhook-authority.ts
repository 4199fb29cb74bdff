import 'server-only';
import type pg from 'pg';
import { missingEventScopes } from '../auth/event-scopes';
import { EVENT_SCOPES, type Scope } from '../auth/scopes';
import { AppError } from '../errors';
import type { Prisma } from '../../generated/prisma/client';

// docs/security-model.md#one-rule: a caller may move or read an event's data only if it may
// read that event's type, judged on the rows that will actually move. A webhook records the
// event scopes of whoever last changed how or where it sends (its `flowScopes`), so history
// re-sent later (resend, replay, resume) goes to that destination only for the types the one
// who chose it may read.

/** What a webhook records as its flow authority: the event scopes held, or null for every one. */
export function recordedFlowScopes(scopes: readonly Scope[]): string[] | null {
  const held = EVENT_SCOPES.filter((scope) => scopes.includes(scope));
  return held.length === EVENT_SCOPES.length ? null : held;
}

/** The stored authority (a JSON array, or null when every scope or not recorded), as scopes. */
export function flowScopesOf(stored: unknown): Scope[] | null {
  if (!Array.isArray(stored)) return null;
  return stored.filter((scope): scope is Scope => typeof scope === 'string' && (EVENT_SCOPES as readonly string[]).includes(scope));
}

/**
 * Refuses (403) sending deliveries of `eventTypes` to a destination chosen by someone who
 * may not read them, whoever asks now: the caller is told how to make it right (set the
 * destination again themselves).
 */
export function assertDestinationAuthority(stored: unknown, eventTypes: readonly string[], action: string): void {
  const authority = flowScopesOf(stored);
  if (authority === null || eventTypes.length === 0) return;
  const missing = missingEventScopes(authority, eventTypes);
  if (missing.length === 0) return;
  const list = missing.map((scope) => `"${scope}"`).join(', ');
  throw new AppError(
    'forbidden',
    `Refused ${action}: this webhook's destination was last set by a caller without the ${list} scope${missing.length > 1 ? 's' : ''}, so these events are not sent there. Set its URL again yourself (PATCH url) if they should go there.`,
  );
}

/**
 * The event types of the deliveries the webhook still holds (HELD, for resume) or has queued
 * (PENDING, RETRYING): they go wherever the webhook sends next.
 */
export async function unsettledEventTypesOf(tx: Prisma.TransactionClient, webhookId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ eventType: string }[]>`
    select distinct "eventType" from "Delivery" where "webhookId" = ${webhookId} and status in ('HELD', 'PENDING', 'RETRYING')`;
  return rows.map((row) => row.eventType);
}

/**
 * Locks the webhook row against a concurrent change of its flow (a PATCH takes it for update)
 * and returns its recorded authority; null when the webhook is gone. Key share: the worker,
 * counting attempts, takes the row for no key update and must not wait for a replay.
 */
export async function lockFlowAuthority(client: pg.PoolClient, input: { webhookId: string; organizationId: string }): Promise<{ flowScopes: unknown } | null> {
  const { rows } = await client.query<{ flowScopes: unknown }>(`select "flowScopes" from "Webhook" where id = $1 and "organizationId" = $2 for key share`, [
    input.webhookId,
    input.organizationId,
  ]);
  return rows[0] ?? null;
}
