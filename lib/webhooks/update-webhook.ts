import 'server-only';
import { diffFields, recordAudit, type AuditSource } from '../audit/record-audit';
import { assertSharedTokenForFormat } from '../organizations/assert-shared-token';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { withTransaction } from '../db-transaction';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import { AppError } from '../errors';
import type { Scope } from '../auth/scopes';
import { assertWebhookPatchScopes } from './assert-webhook-flow-scopes';
import { assertFormsExist, assertWebhookUrlAllowed, normalizeOptional } from './create-webhook';
import { mergeCustomHeaders, openCustomHeaders, sealCustomHeaders } from './custom-headers';
import { findWebhookRow, rethrowIfWebhookGone } from './get-webhook';
import { countHeldDeliveriesOf } from './held-deliveries';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';
import { webhookAuditFields } from './webhook-audit-fields';
import type { UpdateWebhookData } from './webhook-schema';
import { Prisma } from '../../generated/prisma/client';

/**
 * Changes a webhook. Setting status ACTIVE re-enables a DISABLED webhook (clearing its
 * reason and failure streak); PAUSED stops sending. Deliveries already created keep the
 * settings they were matched with.
 */
export async function updateWebhook(input: { organizationId: string; webhookId: string; data: UpdateWebhookData; scopes: readonly Scope[]; audit?: AuditSource }) {
  const current = await findWebhookRow(input);
  const { data } = input;
  assertWebhookPatchScopes({ scopes: input.scopes, currentEvents: current.events, patch: data });
  if (data.url !== undefined) assertWebhookUrlAllowed(data.url);
  if (data.format !== undefined && data.format !== current.format) await assertSharedTokenForFormat(input.organizationId, data.format);
  const allForms = data.allForms ?? current.allForms;
  const formIds = allForms ? [] : (data.formIds ?? current.formIds);
  if (!allForms && data.formIds) await assertFormsExist(input.organizationId, formIds);
  if (!allForms && formIds.length === 0) {
    throw new AppError('validation_failed', 'Choose at least one form', {
      issues: [{ path: 'formIds', message: 'Choose at least one form, or turn on "Send data from every page"' }],
    });
  }

  // The stored values are read only when the PATCH sends headers, to keep those it names with null.
  let customHeaders: ReturnType<typeof sealCustomHeaders> | undefined;
  if (data.customHeaders !== undefined) {
    const stored = await db.webhook.findFirst({ where: { id: current.id, organizationId: input.organizationId }, select: { customHeadersEncrypted: true } });
    customHeaders = sealCustomHeaders(mergeCustomHeaders(openCustomHeaders(stored?.customHeadersEncrypted ?? null), data.customHeaders));
  }

  const changes: Prisma.WebhookUpdateInput = {
    ...(data.url !== undefined && { url: data.url }),
    ...(data.name !== undefined && { name: data.name }),
    ...(data.description !== undefined && { description: normalizeOptional(data.description) }),
    ...(data.events !== undefined && { events: data.events }),
    allForms,
    formIds,
    ...(data.resourceId !== undefined && { resourceId: normalizeOptional(data.resourceId) }),
    ...(data.includeSubOrganizations !== undefined && { includeSubOrganizations: data.includeSubOrganizations }),
    ...(data.format !== undefined && { format: data.format }),
    ...(data.appKey !== undefined && { appKey: normalizeOptional(data.appKey) }),
    ...(data.apiToken !== undefined && {
      apiTokenEncrypted: normalizeOptional(data.apiToken) ? encryptSecret(data.apiToken!) : null,
    }),
    // Written headers replace any plain values not yet sealed (sealLegacyCustomHeaders).
    ...(customHeaders && { ...customHeaders, legacyCustomHeaders: Prisma.DbNull }),
    ...(data.retryPolicy !== undefined && { retryPolicy: data.retryPolicy }),
    ...(data.timeoutSeconds !== undefined && { timeoutSeconds: data.timeoutSeconds }),
    ...(data.ordering !== undefined && { ordering: data.ordering }),
    ...(data.maxRequestsPerSecond !== undefined && { maxRequestsPerSecond: data.maxRequestsPerSecond }),
  };
  if (data.status !== undefined && data.status !== current.status) {
    changes.status = data.status;
    if (data.status === 'ACTIVE') {
      Object.assign(changes, { disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null, failingWarnedLevel: 0 });
    }
  }
  const webhook = await db
    .$transaction(async (tx) => {
      const updated = await tx.webhook.update({ where: { id: current.id, organizationId: input.organizationId }, data: changes, select: WEBHOOK_SELECT });
      if (input.audit) {
        const diff: Record<string, unknown> = diffFields(webhookAuditFields(current), webhookAuditFields(updated));
        // A new token or header value with the same presence is still a change: shown, masked.
        if (data.apiToken !== undefined && !diff.apiToken) diff.apiToken = { before: webhookAuditFields(current).apiToken, after: webhookAuditFields(updated).apiToken };
        if (data.customHeaders !== undefined && !diff.customHeaders) diff.customHeaders = { before: webhookAuditFields(current).customHeaders, after: webhookAuditFields(updated).customHeaders };
        await recordAudit(tx, {
          organizationId: input.organizationId,
          source: input.audit,
          action: webhookUpdateAction(current.status, updated.status, Object.keys(diff)),
          target: { type: 'webhook', id: current.id },
          changes: diff,
        });
      }
      return updated;
    })
    .catch(rethrowIfWebhookGone(input.webhookId));
  if (data.ordering === 'none' && current.ordering === 'key') await releaseParked(webhook.id);
  return serializeWebhook(webhook, await countHeldDeliveriesOf(webhook.id));
}

/** webhook.paused / webhook.resumed when the status is all that changed; webhook.updated otherwise. */
function webhookUpdateAction(before: string, after: string, changedFields: string[]): string {
  if (before !== after && changedFields.length === 1) return after === 'PAUSED' ? 'webhook.paused' : after === 'ACTIVE' ? 'webhook.resumed' : 'webhook.updated';
  return 'webhook.updated';
}

export async function deleteWebhook(input: { organizationId: string; webhookId: string; audit?: AuditSource }): Promise<void> {
  const current = await findWebhookRow(input);
  // Its deliveries and attempts go with it; queued jobs find nothing and complete.
  await db
    .$transaction(async (tx) => {
      await tx.webhook.delete({ where: { id: current.id, organizationId: input.organizationId } });
      if (input.audit) {
        await recordAudit(tx, {
          organizationId: input.organizationId,
          source: input.audit,
          action: 'webhook.deleted',
          target: { type: 'webhook', id: current.id },
          changes: webhookAuditFields(current),
        });
      }
    })
    .catch(rethrowIfWebhookGone(input.webhookId));
}

/** Ordering turned off: deliveries parked behind an earlier one of their key go now. */
async function releaseParked(webhookId: string): Promise<void> {
  await withTransaction((client) => releaseParkedDeliveries(client, { webhookId }));
}
