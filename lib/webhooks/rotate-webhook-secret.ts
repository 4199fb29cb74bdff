import 'server-only';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { generateWebhookSecret } from '../signing/standard-webhooks';
import { SECRET_WARNING } from './create-webhook';
import { findWebhookRow } from './get-webhook';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';

export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** A new secret; the old one keeps signing (a second signature) for 24 hours so receivers can switch. */
export async function rotateWebhookSecret(input: { organizationId: string; webhookId: string; now?: Date }) {
  const current = await findWebhookRow(input);
  const row = await db.webhook.findUniqueOrThrow({ where: { id: current.id }, select: { secretEncrypted: true } });
  const secret = generateWebhookSecret();
  const now = input.now ?? new Date();
  const webhook = await db.webhook.update({
    where: { id: current.id },
    data: {
      secretEncrypted: encryptSecret(secret),
      previousSecretEncrypted: row.secretEncrypted,
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
    },
    select: WEBHOOK_SELECT,
  });
  return { ...serializeWebhook(webhook), secret, warning: SECRET_WARNING, previousSecretExpiresAt: Math.floor((now.getTime() + PREVIOUS_SECRET_GRACE_MS) / 1000) };
}
