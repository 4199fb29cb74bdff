import 'server-only';
import type { FailingWebhook } from '../deliveries/record-attempts';
import { db } from '../db';
import { emitEvent, type EmitInput } from '../events/emit';
import { logger } from '../log';
import { sendMail } from '../mail/send-mail';

// docs/delivery-semantics.md#warnings-before-disabling: a webhook failing every delivery gets
// a `webhook.failing` event at 1 h, 24 h and 72 h into its streak (recordAttempts decides,
// once each), a banner in the console, and an email to the organization's owners and admins.

/** The `webhook.failing` event of a webhook whose failure streak just crossed a threshold. */
export function webhookFailingEvent(webhook: FailingWebhook): EmitInput {
  return {
    organizationId: webhook.organizationId,
    type: 'webhook.failing',
    data: {
      webhookId: webhook.id,
      url: webhook.url,
      failingSince: webhook.failingSince.toISOString(),
      disableAt: webhook.disableAt.toISOString(),
      failingForHours: webhook.failingForHours,
      consecutiveFailures: webhook.consecutiveFailures,
      lastError: webhook.lastError,
    },
  };
}

/** Who is warned by email: the organization's owners and admins (enabled accounts). */
export async function failingWarningRecipients(organizationId: string): Promise<string[]> {
  const members = await db.membership.findMany({
    where: { organizationId, role: { in: ['owner', 'admin'] }, user: { disabledAt: null } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return members.map((member) => member.user.email);
}

/** The warning email's subject and text: what fails, since when, and when it will be disabled. */
export function failingWarningMessage(webhook: FailingWebhook): { subject: string; text: string } {
  const since = webhook.failingSince.toUTCString();
  const disableAt = webhook.disableAt.toUTCString();
  return {
    subject: `Webhook failing for ${webhook.failingForHours} hour${webhook.failingForHours === 1 ? '' : 's'}: ${webhook.url}`,
    text: [
      `Every delivery to ${webhook.url} has failed since ${since} (${webhook.consecutiveFailures} failed attempts in a row${webhook.lastError ? `; last error: ${webhook.lastError}` : ''}).`,
      '',
      `Tidings will disable this webhook on ${disableAt} unless a delivery succeeds before then.`,
      'Fix the receiver, then resend a failed delivery from the console to confirm it works.',
      '',
      `Webhook id: ${webhook.id}`,
    ].join('\n'),
  };
}

/** Emails the warning to the organization's owners and admins (nothing when SMTP is not configured: lib/mail). */
export async function emailFailingWarning(webhook: FailingWebhook): Promise<{ sent: boolean }> {
  const to = await failingWarningRecipients(webhook.organizationId);
  if (to.length === 0) return { sent: false };
  return sendMail({ to, ...failingWarningMessage(webhook) });
}

/** Logs the warning, emits `webhook.failing` to the organization's subscribers and emails its owners and admins. */
export async function announceWebhookFailing(webhook: FailingWebhook): Promise<void> {
  logger().warn({ webhookId: webhook.id, failingSince: webhook.failingSince, disableAt: webhook.disableAt, failingForHours: webhook.failingForHours }, 'webhook failing');
  await emitEvent(webhookFailingEvent(webhook));
  try {
    await emailFailingWarning(webhook);
  } catch (error) {
    logger().error({ err: error, webhookId: webhook.id }, 'emailing the failing warning failed');
  }
}
