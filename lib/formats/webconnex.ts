import { createHmac } from 'node:crypto';
import { seedEventName } from '../events/seed-event-names';
import type { DeliveryEvent, FormatInput, WireFormat, WireRequest } from './wire-format';

// Webconnex (shared/seeds Webconnex "Nerdy Information"): one envelope for every event,
// `{ eventType, accountId, formId, customerId, eventId, data, meta }`, plus four headers.
//
// "X-Webconnex-Signature | HMAC for the webhook. Note: Remains unchanged on resend events":
// the signature covers the body only, so the body holds nothing that changes between
// attempts (no attempt number, no send time) and a resend is byte-for-byte the same.

/**
 * Hex HMAC-SHA256 of the raw body. The seed names no algorithm or encoding; this is what
 * Webconnex actually sends (a 64-hex-digit value in its delivery logs) and what RegFox
 * receivers in the wild verify. The key is the whole secret string (`whsec_…`, UTF-8), as
 * a receiver pastes it; only `standard` base64-decodes it.
 */
export function webconnexSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

type ResourceId = string | number;

function asResourceId(value: unknown): ResourceId | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

// The seed's formId is "Id of the form" the event happened on. Platforms usually send it
// with the event; when they do not, a form event is about the form itself (publish: data
// "id | Id of the form") and a coupon names its form (data "formId", null when global).
function formIdOf(event: DeliveryEvent): ResourceId | null {
  if (event.formId) return event.formId;
  if (event.type.startsWith('form.') && event.type !== 'form.submitted') return asResourceId(event.data.id) ?? null;
  return asResourceId(event.data.formId) ?? null;
}

export const webconnexFormat: WireFormat = {
  name: 'webconnex',
  buildRequest(input: FormatInput): WireRequest {
    const { event, webhook } = input;
    const eventType = seedEventName('webconnex', event.type, event.data) ?? event.type;
    // customerId is only documented on payloads that have a purchasing customer
    // (registration, subscription, sms, edit/cancel); publish, inventory and coupon omit it.
    const customerId = asResourceId(event.data.customerId);
    const body = JSON.stringify({
      eventType,
      accountId: event.organizationId,
      formId: formIdOf(event),
      ...(customerId !== undefined ? { customerId } : {}),
      eventId: event.id,
      data: event.data,
      meta: {
        name: webhook.name,
        // "appKey | Self assigned application key (optional)": absent when not set, as in
        // the delivery log sample in Webconnex's public API docs (`"meta": { "name": "Webhook divvy example" }`).
        ...(webhook.appKey ? { appKey: webhook.appKey } : {}),
        // docs/delivery-semantics.md#tests-and-pings: "Send a Test" flags meta.test; a property of the event, so resends keep it.
        ...(event.test ? { test: true } : {}),
      },
    });
    const secret = input.secrets[0];
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Webconnex-Divvy',
        'x-webconnex-event': eventType,
        'x-webconnex-delivery': input.deliveryId,
        ...(secret ? { 'x-webconnex-signature': webconnexSignature(secret, body) } : {}),
      },
    };
  },
};
