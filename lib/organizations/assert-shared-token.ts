import 'server-only';
import { pool } from '../db';
import { AppError } from '../errors';

/** Whether the organization, or its parent (whose token a sub-organization inherits), has a shared token. */
export async function hasSharedToken(input: { organizationId: string }): Promise<boolean> {
  const { rows } = await pool().query<{ present: boolean }>(
    `select (o."sharedTokenEncrypted" is not null or p."sharedTokenEncrypted" is not null) as present
     from "Organization" o left join "Organization" p on p.id = o."parentId" where o.id = $1`,
    [input.organizationId],
  );
  return rows[0]?.present ?? false;
}

/**
 * A `nationbuilder` webhook is only useful with the nation's shared token (its receivers trust
 * a request by the `token` in the body), so creating one without a token is refused with the
 * way to set it, rather than sending requests nobody can trust.
 */
export async function assertSharedTokenForFormat(organizationId: string, format: string | undefined): Promise<void> {
  if (format !== 'nationbuilder') return;
  if (await hasSharedToken({ organizationId })) return;
  throw new AppError('validation_failed', 'Set the organization shared token first', {
    issues: [
      {
        path: 'format',
        message:
          'NationBuilder receivers trust a request by the shared token in its body: set it first in Settings (or PUT /api/v1/organization/shared-token)',
      },
    ],
  });
}
