import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { countHeldDeliveriesOf } from './held-deliveries';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';

/** Another organization's webhook is "not found", never "forbidden": ids reveal nothing. */
export async function findWebhookRow(input: { organizationId: string; webhookId: string }) {
  const webhook = await db.webhook.findFirst({
    where: { id: input.webhookId, organizationId: input.organizationId },
    select: WEBHOOK_SELECT,
  });
  if (!webhook) throw new AppError('webhook_not_found', `No webhook "${input.webhookId}"`);
  return webhook;
}

export async function getWebhook(input: { organizationId: string; webhookId: string }) {
  const webhook = await findWebhookRow(input);
  return serializeWebhook(webhook, await countHeldDeliveriesOf(webhook.id));
}

/**
 * For the write after a lookup: a webhook deleted in between (two DELETEs at once, a
 * PATCH racing a DELETE) is "not found", as it would have been a moment later, not a 500.
 */
export function rethrowIfWebhookGone(webhookId: string) {
  return (error: unknown): never => {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2025') {
      throw new AppError('webhook_not_found', `No webhook "${webhookId}"`);
    }
    throw error;
  };
}
