import 'server-only';
import { randomBytes } from 'node:crypto';
import { encryptSecret } from '../crypto/secret-box';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';

// NationBuilder: "you can attach a shared secret token to your nation which will be attached to
// the payload via the key `token`". The organization's token, set by an owner/admin (console)
// or an API key with webhooks:write; encrypted at rest (AES-256-GCM) and never returned after.
// Every `nationbuilder` delivery of the organization carries it; a sub-organization without
// its own carries its parent's ("the webhook token belonging to the parent nation").

export { ZSetSharedToken, type SetSharedTokenInput } from './shared-token-schema';

async function storeToken(organizationId: string, token: string, audit: AuditSource | undefined, action: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: organizationId }, select: { sharedTokenEncrypted: true } });
    const { count } = await tx.organization.updateMany({
      where: { id: organizationId },
      data: { sharedTokenEncrypted: encryptSecret(token) },
    });
    if (count === 0) throw new AppError('organization_not_found', 'No such organization');
    if (audit) {
      await recordAudit(tx, {
        organizationId,
        source: audit,
        action,
        target: { type: 'organization', id: organizationId },
        changes: { sharedToken: { before: before?.sharedTokenEncrypted ? 'set' : null, after: 'set' } },
      });
    }
  });
}

/** PUT /organization/shared-token: the token the admin chose. */
export async function setSharedToken(input: { organizationId: string; token: string; audit?: AuditSource }): Promise<void> {
  await storeToken(input.organizationId, input.token, input.audit, 'organization.shared_token_set');
}

/** POST /organization/shared-token: a new random token, returned this once. */
export async function generateSharedToken(input: { organizationId: string; audit?: AuditSource }): Promise<{ token: string }> {
  const token = `nbt_${randomBytes(24).toString('base64url')}`;
  await storeToken(input.organizationId, token, input.audit, 'organization.shared_token_generated');
  return { token };
}

/** Whether a token is set (the settings page says so; the token itself never leaves). */
export async function getSharedTokenStatus(input: { organizationId: string }) {
  const organization = await db.organization.findUnique({
    where: { id: input.organizationId },
    select: { sharedTokenEncrypted: true, accountNumber: true, defaultWebhookFormat: true, slug: true, name: true, parent: { select: { sharedTokenEncrypted: true, name: true } } },
  });
  if (!organization) throw new AppError('organization_not_found', 'No such organization');
  return {
    organizationId: input.organizationId,
    name: organization.name,
    slug: organization.slug,
    accountId: organization.accountNumber,
    defaultWebhookFormat: organization.defaultWebhookFormat,
    sharedTokenSet: organization.sharedTokenEncrypted !== null,
    inheritsSharedTokenFrom: organization.sharedTokenEncrypted === null && organization.parent?.sharedTokenEncrypted ? organization.parent.name : null,
  };
}
