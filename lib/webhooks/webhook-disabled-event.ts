import 'server-only';
import type { DisabledWebhook } from '../deliveries/record-attempts';
import { emitEvent, type EmitInput } from '../events/emit';
import { logger } from '../log';

/** The `webhook.disabled` event of a webhook that recording attempts just turned off. */
export function webhookDisabledEvent(webhook: DisabledWebhook): EmitInput {
  return {
    organizationId: webhook.organizationId,
    type: 'webhook.disabled',
    data: { webhookId: webhook.id, url: webhook.url, reason: webhook.reason, disabledAt: webhook.disabledAt.toISOString() },
  };
}

/** Logs the disabling and emits `webhook.disabled` to the organization's subscribers. */
export async function announceWebhookDisabled(webhook: DisabledWebhook): Promise<void> {
  logger().warn({ webhookId: webhook.id, reason: webhook.reason }, 'webhook disabled');
  await emitEvent(webhookDisabledEvent(webhook));
}
