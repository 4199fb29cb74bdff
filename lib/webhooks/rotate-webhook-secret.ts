import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { generateWebhookSecret } from '../signing/standard-webhooks';
import { SECRET_WARNING } from './create-webhook';
import { findWebhookRow, rethrowIfWebhookGone } from './get-webhook';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';

export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** A new secret; the old one keeps signing (a second signature) for 24 hours so receivers can switch. */
export async function rotateWebhookSecret(input: { organizationId: string; webhookId: string; now?: Date; audit?: AuditSource }) {
  const current = await findWebhookRow(input);
  const secret = generateWebhookSecret();
  const now = input.now ?? new Date();
  const where = { id: current.id, organizationId: input.organizationId };
  // The row is locked from reading the current secret to writing the new one: two
  // rotations at once must chain (each one's secret becomes the next one's previous),
  // not both demote the same old secret and lose the first new one.
  const webhook = await db
    .$transaction(async (tx) => {
      await tx.$queryRaw`select 1 from "Webhook" where id = ${current.id} for update`;
      const row = await tx.webhook.findUniqueOrThrow({ where, select: { secretEncrypted: true } });
      const updated = await tx.webhook.update({
        where,
        data: {
          secretEncrypted: encryptSecret(secret),
          previousSecretEncrypted: row.secretEncrypted,
          previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
        },
        select: WEBHOOK_SELECT,
      });
      if (input.audit) {
        await recordAudit(tx, {
          organizationId: input.organizationId,
          source: input.audit,
          action: 'webhook.secret_rotated',
          target: { type: 'webhook', id: current.id },
          changes: { secret: { before: 'set', after: 'set' }, previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString() },
        });
      }
      return updated;
    })
    .catch(rethrowIfWebhookGone(input.webhookId));
  return { ...serializeWebhook(webhook), secret, warning: SECRET_WARNING, previousSecretExpiresAt: Math.floor((now.getTime() + PREVIOUS_SECRET_GRACE_MS) / 1000) };
}
