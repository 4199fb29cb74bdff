import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { withTransaction } from '../db-transaction';
import { z } from 'zod';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { Scope } from '../auth/scopes';
import { getEventType } from '../events/catalog/definitions';
import { SUBSCRIBABLE_EVENT_TYPES } from '../events/catalog/names';
import { emitEvent } from '../events/emit';
import { AppError } from '../errors';
import { findWebhookRow } from './get-webhook';
import { serializeWebhook, type WebhookRow } from './serialize-webhook';
import { testEventFormId } from './test-event-form';

export const ZSendTestEvent = z.strictObject({
  event: z.string({ error: 'Choose the event type to send' }).trim().min(1, 'Choose the event type to send'),
});

export type SendTestEventInput = z.input<typeof ZSendTestEvent>;

/** "Send a Test": a catalog sample of the chosen type, to this webhook only, flagged meta.test. */
export async function sendTestEvent(input: {
  organizationId: string;
  webhookId: string;
  event: string;
  scopes: readonly Scope[];
  /** The consumer portal: a paused or disabled webhook is not sent tests (409). */
  requireActive?: boolean;
  audit?: AuditSource;
}) {
  const webhook = await findWebhookRow(input);
  if (input.requireActive && webhook.status !== 'ACTIVE') {
    throw new AppError('conflict', `The webhook is ${webhook.status === 'PAUSED' ? 'paused' : 'disabled'}: tests are sent to active webhooks only`);
  }
  const definition = getEventType(input.event);
  if (!definition || !(SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(input.event)) {
    throw new AppError('validation_failed', `Unknown event type "${input.event}"`, {
      issues: [{ path: 'event', message: `Unknown event type "${input.event}"` }],
    });
  }
  // A sample carries no real person's data, but a key that may not read an event type
  // should not learn its shape from a receiver it controls either (docs/security-model.md#least-privilege).
  assertEventScopes(input.scopes, [input.event], 'to send a test of this event type');
  const sample = definition.sample();
  const formId = await testEventFormId({ organizationId: input.organizationId, webhook });
  const result = await withTransaction(async (client) => {
    const emitted = await emitEvent(
      { organizationId: input.organizationId, type: input.event, data: sample, formId, resourceId: webhook.resourceId, test: true, onlyWebhookId: webhook.id },
      client,
    );
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'webhook.tested',
        target: { type: 'webhook', id: webhook.id },
        changes: { event: input.event, deliveryId: emitted.deliveries[0]?.id ?? null },
      });
    }
    return emitted;
  });
  return { deliveryId: result.deliveries[0].id, eventId: result.eventId };
}

/** The configuration a `ping` carries: everything but the secret and the API token. */
export function pingData(webhook: WebhookRow) {
  // Custom header values may be credentials: the ping names them only.
  const { hasApiToken: _omitted, customHeaders, ...hook } = serializeWebhook(webhook);
  return {
    zen: 'Deliveries are how the world hears your good news.',
    hook: { ...hook, customHeaderNames: Object.keys(customHeaders), type: 'Webhook' },
  };
}

/** Site Stacker / GitHub: a new webhook gets a `ping` so its owner sees the setup work. */
export async function sendPing(input: { organizationId: string; webhook: WebhookRow }) {
  const result = await emitEvent({
    organizationId: input.organizationId,
    type: 'ping',
    data: pingData(input.webhook),
    onlyWebhookId: input.webhook.id,
  });
  return { deliveryId: result.deliveries[0].id, eventId: result.eventId };
}
