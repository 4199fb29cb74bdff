import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { withTransaction } from '../db-transaction';
import { AppError } from '../errors';

// The organization's numeric account id (Webconnex `accountId`, Kajabi site id): assigned from
// a sequence, or the host platform's own account id when it gives one. Bodies are immutable
// messages and carry it, so it can be set only before the organization's first event.

export { ZSetAccountId, type SetAccountIdInput } from './organization-schema';

export async function setAccountId(input: { organizationId: string; accountId: number; audit?: AuditSource }): Promise<void> {
  try {
    await withTransaction(async (client) => {
      const { rows } = await client.query<{ accountNumber: number }>(`select "accountNumber" from "Organization" where id = $1 for update`, [input.organizationId]);
      const { rowCount } = await client.query(
        `update "Organization" set "accountNumber" = $2, "updatedAt" = (now() at time zone 'utc')
         where id = $1 and not exists (select 1 from "Event" where "organizationId" = $1)`,
        [input.organizationId, input.accountId],
      );
      if (rowCount === 0) {
        throw new AppError('conflict', 'The account id is fixed once the organization has events: their deliveries carry it');
      }
      // Organizations created later draw from the sequence: move it past the platform's id so
      // no later organization collides with it.
      await client.query(
        `select setval(pg_get_serial_sequence('"Organization"', 'accountNumber'),
                       greatest($1::bigint, (select last_value from "Organization_accountNumber_seq")))`,
        [input.accountId],
      );
      if (input.audit) {
        await recordAudit(client, {
          organizationId: input.organizationId,
          source: input.audit,
          action: 'organization.updated',
          target: { type: 'organization', id: input.organizationId },
          changes: { accountId: { before: rows[0]?.accountNumber ?? null, after: input.accountId } },
        });
      }
    });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
      throw new AppError('conflict', `Another organization has the account id ${input.accountId}`);
    }
    throw error;
  }
}
