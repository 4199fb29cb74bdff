import 'server-only';
import { diffFields, recordAudit, type AuditSource } from '../audit/record-audit';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { FlowAuthority } from '../auth/flow-authority';
import { assertMaySendSharedToken, assertSharedTokenForFormat } from '../organizations/assert-shared-token';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { withTransaction } from '../db-transaction';
import { releaseParkedDeliveries } from '../deliveries/release-parked-deliveries';
import { AppError } from '../errors';
import type { Scope } from '../auth/scopes';
import { assertWebhookPatchScopes, flowChangesOf } from './assert-webhook-flow-scopes';
import { assertFormsExist, assertWebhookUrlAllowed, normalizeOptional } from './create-webhook';
import { mergeCustomHeaders, openCustomHeaders, sealCustomHeaders } from './custom-headers';
import { findWebhookRow, rethrowIfWebhookGone } from './get-webhook';
import { countHeldDeliveriesOf } from './held-deliveries';
import { serializeWebhook, WEBHOOK_SELECT, type WebhookRow } from './serialize-webhook';
import { recordedFlowScopes, unsettledEventTypesOf } from './webhook-authority';
import { webhookAuditFields } from './webhook-audit-fields';
import type { UpdateWebhookData } from './webhook-schema';
import { Prisma } from '../../generated/prisma/client';

/** Write-only secrets a PATCH can drop: they were set for the receiver at the old address. */
export type ClearedSecret = 'apiToken' | 'customHeaders';

/**
 * Changes a webhook. Setting status ACTIVE re-enables a DISABLED webhook (clearing its
 * reason and failure streak); PAUSED stops sending. Deliveries already created keep the
 * settings they were matched with.
 *
 * A change of how or where it sends (docs/security-model.md#one-rule) needs the event scopes
 * of the current and the resulting subscription and of every delivery it still holds or has
 * queued (they follow the change), records the caller's event scopes as the webhook's flow
 * authority, and, when the URL moves to another origin, drops the API token and custom
 * header values the PATCH does not send again (`clearedSecrets` says which).
 */
export async function updateWebhook(input: {
  organizationId: string;
  webhookId: string;
  data: UpdateWebhookData;
  scopes: readonly Scope[];
  /** The caller (lib/auth/flow-authority.ts); absent for operator tools. */
  authority?: FlowAuthority;
  audit?: AuditSource;
}) {
  const current = await findWebhookRow(input);
  const { data } = input;
  const flowChanges = flowChangesOf(data);
  assertWebhookPatchScopes({ scopes: input.scopes, currentEvents: current.events, patch: data });
  if (data.url !== undefined) assertWebhookUrlAllowed(data.url);
  if (data.format !== undefined && data.format !== current.format) await assertSharedTokenForFormat(input.organizationId, data.format);
  const moved = data.url !== undefined && data.url !== current.url;
  if ((data.format !== undefined && data.format !== current.format) || moved) {
    await assertMaySendSharedToken({ organizationId: input.organizationId, format: data.format ?? current.format, authority: input.authority });
  }
  const allForms = data.allForms ?? current.allForms;
  const formIds = allForms ? [] : (data.formIds ?? current.formIds);
  if (!allForms && data.formIds) await assertFormsExist(input.organizationId, formIds);
  if (!allForms && formIds.length === 0) {
    throw new AppError('validation_failed', 'Choose at least one form', {
      issues: [{ path: 'formIds', message: 'Choose at least one form, or turn on "Send data from every page"' }],
    });
  }

  const movesOrigin = data.url !== undefined && new URL(data.url).origin !== new URL(current.url).origin;
  const { customHeaders, cleared } = await secretsAfter({ current, data, organizationId: input.organizationId, movesOrigin });

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
    ...(cleared.includes('apiToken') && { apiTokenEncrypted: null }),
    // Written headers replace any plain values not yet sealed (sealLegacyCustomHeaders).
    ...(customHeaders && { ...customHeaders, legacyCustomHeaders: Prisma.DbNull }),
    ...(data.retryPolicy !== undefined && { retryPolicy: data.retryPolicy }),
    ...(data.timeoutSeconds !== undefined && { timeoutSeconds: data.timeoutSeconds }),
    ...(data.ordering !== undefined && { ordering: data.ordering }),
    ...(data.maxRequestsPerSecond !== undefined && { maxRequestsPerSecond: data.maxRequestsPerSecond }),
  };
  // Whoever changes how or where it sends now answers for its destination (resuming alone does not).
  if (input.authority && flowChanges.some((field) => field !== 'status')) {
    const recorded = recordedFlowScopes(input.authority.scopes);
    changes.flowScopes = recorded === null ? Prisma.DbNull : recorded;
  }
  if (data.status !== undefined && data.status !== current.status) {
    changes.status = data.status;
    if (data.status === 'ACTIVE') {
      Object.assign(changes, { disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null, failingWarnedLevel: 0 });
    }
  }
  const webhook = await db
    .$transaction(async (tx) => {
      if (flowChanges.length > 0) {
        // Held and queued deliveries follow the change: the caller must be able to read each of
        // their types. The row lock (for update: it conflicts with the key share a resend or
        // replay takes) keeps them from queuing more meanwhile.
        await tx.$queryRaw`select 1 from "Webhook" where id = ${current.id} for update`;
        const unsettled = await unsettledEventTypesOf(tx, current.id);
        assertEventScopes(input.scopes, unsettled, `to change ${flowChanges.join(', ')} of a webhook that holds or has queued deliveries of these events`);
      }
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
  const serialized = serializeWebhook(webhook, await countHeldDeliveriesOf(webhook.id));
  return cleared.length > 0 ? { ...serialized, clearedSecrets: cleared } : serialized;
}

/**
 * The custom headers to store (undefined: unchanged) and which write-only secrets the PATCH
 * drops. Moving to another origin (scheme, host or port) keeps only what the PATCH sends
 * again: a stored API token or header value was meant for the old receiver, and whoever
 * moves the URL may never have known it. A path on the same origin keeps them.
 */
async function secretsAfter(input: { current: WebhookRow; data: UpdateWebhookData; organizationId: string; movesOrigin: boolean }) {
  const { current, data, movesOrigin } = input;
  const cleared: ClearedSecret[] = [];
  if (movesOrigin && data.apiToken === undefined && current.apiTokenEncrypted) cleared.push('apiToken');
  if (data.customHeaders === undefined) {
    if (!movesOrigin || current.customHeaderNames.length === 0) return { customHeaders: undefined, cleared };
    cleared.push('customHeaders');
    return { customHeaders: sealCustomHeaders({}), cleared };
  }
  // A name sent with null (or the mask) keeps its stored value, except across origins.
  const sent = movesOrigin ? Object.fromEntries(Object.entries(data.customHeaders).filter(([, value]) => value !== null)) : data.customHeaders;
  if (movesOrigin && Object.keys(sent).length < Object.keys(data.customHeaders).length) cleared.push('customHeaders');
  // The stored values are read only when the PATCH keeps some, to keep those it names with null.
  const keepsSome = Object.values(sent).some((value) => value === null);
  const stored = keepsSome
    ? await db.webhook.findFirst({ where: { id: current.id, organizationId: input.organizationId }, select: { customHeadersEncrypted: true } })
    : null;
  return { customHeaders: sealCustomHeaders(mergeCustomHeaders(openCustomHeaders(stored?.customHeadersEncrypted ?? null), sent)), cleared };
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
