import 'server-only';
import { pool } from '../db';
import type { FlowAuthority } from '../auth/flow-authority';
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

/**
 * A sub-organization without a shared token of its own sends its parent's in every
 * nationbuilder body. That token belongs to the parent: only a caller holding webhooks:write
 * there may create or re-point a webhook that sends it (docs/security-model.md#one-rule).
 * `authority` absent: an operator tool (demo data, bench), not a caller.
 */
export async function assertMaySendSharedToken(input: { organizationId: string; format: string | undefined; authority?: FlowAuthority }): Promise<void> {
  if (input.format !== 'nationbuilder' || !input.authority) return;
  const { rows } = await pool().query<{ own: boolean; parentId: string | null; parentHasToken: boolean }>(
    `select o."sharedTokenEncrypted" is not null as own, o."parentId", coalesce(p."sharedTokenEncrypted" is not null, false) as "parentHasToken"
     from "Organization" o left join "Organization" p on p.id = o."parentId" where o.id = $1`,
    [input.organizationId],
  );
  const source = rows[0];
  if (!source || source.own || !source.parentId || !source.parentHasToken) return;
  if (input.authority.writableOrganizationIds.includes(source.parentId)) return;
  throw new AppError(
    'forbidden',
    "This organization has no NationBuilder shared token of its own, so a nationbuilder webhook here would send its parent organization's token. Set this organization's own shared token first (Settings, or PUT /api/v1/organization/shared-token), or ask someone who manages the parent organization.",
  );
}
