import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';
import type { WEBHOOK_FORMATS } from '../webhooks/webhook-schema';
import { hasSharedToken } from './assert-shared-token';

// The wire format of the organization's webhooks created without one (SPEC §9). A platform's
// clients register as its own document shows, and CharityStack's registration has no format:
// an organization hosting such a platform sets charitystack once. Existing webhooks keep theirs.

type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export async function setDefaultWebhookFormat(input: { organizationId: string; format: WebhookFormat; audit?: AuditSource }): Promise<void> {
  // As for a nationbuilder webhook (lib/organizations/assert-shared-token.ts): its receivers trust the token.
  if (input.format === 'nationbuilder' && !(await hasSharedToken({ organizationId: input.organizationId }))) {
    throw new AppError('validation_failed', 'Set the organization shared token first', {
      issues: [{ path: 'defaultWebhookFormat', message: 'NationBuilder receivers trust a request by the shared token in its body: set it first (PUT /api/v1/organization/shared-token)' }],
    });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: input.organizationId }, select: { defaultWebhookFormat: true } });
    if (!before) throw new AppError('organization_not_found', 'No such organization');
    if (before.defaultWebhookFormat === input.format) return;
    await tx.organization.update({ where: { id: input.organizationId }, data: { defaultWebhookFormat: input.format } });
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'organization.updated',
        target: { type: 'organization', id: input.organizationId },
        changes: { defaultWebhookFormat: { before: before.defaultWebhookFormat, after: input.format } },
      });
    }
  });
}

/** The format a webhook created without one gets. */
export async function defaultWebhookFormatOf(organizationId: string): Promise<WebhookFormat> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { defaultWebhookFormat: true } });
  return organization?.defaultWebhookFormat ?? 'standard';
}
