import 'server-only';
import { withTransaction } from '../db-transaction';
import { idFloorAt } from '../stats/id-floor';

/**
 * Deletes audit rows older than TIDINGS_AUDIT_RETENTION_DAYS. The table refuses every
 * DELETE (prisma/migrations/20261202203000_audit_log) unless the transaction says it is
 * this job; ids sort by time, so "older than" is a range of the primary key.
 */
export async function pruneAuditLog(input: { retentionDays: number; now?: Date }): Promise<{ auditEntries: number }> {
  const cutoff = new Date((input.now ?? new Date()).getTime() - input.retentionDays * 86_400_000);
  return withTransaction(async (client) => {
    await client.query(`select set_config('tidings.audit_maintenance', 'prune', true)`);
    const { rowCount } = await client.query(`delete from "AuditEntry" where id < $1`, [idFloorAt('aud', cutoff)]);
    return { auditEntries: rowCount ?? 0 };
  });
}
