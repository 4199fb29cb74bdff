import 'server-only';
import type pg from 'pg';
import { createId } from '../ids';
import { maskSecrets } from './mask-secrets';

// The audit log's one write (docs/security-model.md#audit-log). Every change through the
// console, an API key or the CLI calls recordAudit with the transaction that makes the
// change, so the row and the change commit together or not at all.

export type AuditActor =
  | { type: 'user'; id: string; label: string }
  | { type: 'apiKey'; id: string; label?: string | null }
  | { type: 'cli'; label?: string | null }
  /** A consumer portal link (lib/portal): whoever holds it, without a console account. */
  | { type: 'portalLink'; id: string; label?: string | null };

/** Who made a change and from which address: derived from the request (lib/audit/audit-source.ts). */
export type AuditSource = { actor: AuditActor; address: string | null };

export type AuditTarget = { type: string; id: string | null };

export type AuditRecord = {
  /** Null only for a failed sign-in of an email no organization knows. */
  organizationId: string | null;
  source: AuditSource;
  /** `<target type>.<verb>`: webhook.created, webhook.updated, api_key.revoked… */
  action: string;
  target: AuditTarget;
  /** `{ field: { before, after } }` for an update, or the values created or deleted; secrets are masked here. */
  changes?: Record<string, unknown> | null;
};

/** A transaction to write in: a raw `pg` client (the hot paths) or Prisma's transaction client. */
export type AuditExecutor =
  | Pick<pg.ClientBase, 'query'>
  | { $executeRawUnsafe: (query: string, ...values: unknown[]) => Promise<number> };

const INSERT = `insert into "AuditEntry" (id, "organizationId", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", changes, address, "createdAt")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, (now() at time zone 'utc'))`;

function actorId(actor: AuditActor): string | null {
  return actor.type === 'cli' || !actor.id ? null : actor.id;
}

/** Appends one audit row in the caller's transaction. */
export async function recordAudit(executor: AuditExecutor, record: AuditRecord): Promise<void> {
  const { actor, address } = record.source;
  const changes = record.changes ? JSON.stringify(maskSecrets(record.changes)) : null;
  const values = [
    createId('aud'),
    record.organizationId,
    actor.type,
    actorId(actor),
    actor.label ?? null,
    record.action,
    record.target.type,
    record.target.id,
    changes,
    address,
  ];
  if ('$executeRawUnsafe' in executor) await executor.$executeRawUnsafe(INSERT, ...values);
  else await executor.query(INSERT, values);
}

/** Several rows in one statement's worth of calls (a sign-in seen by each of the user's organizations). */
export async function recordAudits(executor: AuditExecutor, records: AuditRecord[]): Promise<void> {
  for (const record of records) await recordAudit(executor, record);
}

/** `{ field: { before, after } }` for the fields whose value differs. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of Object.keys(after)) {
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null)) {
      changes[field] = { before: before[field] ?? null, after: after[field] ?? null };
    }
  }
  return changes;
}
