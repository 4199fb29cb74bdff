import 'server-only';
import { recordAudit, type AuditExecutor, type AuditRecord } from './record-audit';

type PgLike = Extract<AuditExecutor, { query: unknown }>;

/**
 * A change to a user (a sign-in, sessions revoked, a membership) belongs to every
 * organization the user is a member of: one row in each, so each organization's owners
 * see it. A user in none (or an email nobody has) gets one row without an organization,
 * which only operators read (in the database).
 */
export async function recordUserAudit(client: PgLike, userId: string | null, record: Omit<AuditRecord, 'organizationId'>): Promise<void> {
  const { rows } = userId
    ? await client.query(`select "organizationId" from "Membership" where "userId" = $1 order by "organizationId"`, [userId])
    : { rows: [] as { organizationId: string }[] };
  const organizationIds = (rows as { organizationId: string }[]).map((row) => row.organizationId);
  if (organizationIds.length === 0) {
    await recordAudit(client, { ...record, organizationId: null });
    return;
  }
  for (const organizationId of organizationIds) await recordAudit(client, { ...record, organizationId });
}
