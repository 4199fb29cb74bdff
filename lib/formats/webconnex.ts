import { createHmac } from 'node:crypto';
import { seedEventName } from '../events/seed-event-names';
import { asInteger } from './integer-id';
import { singleSignatureSecret, type DeliveryEvent, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// Webconnex (shared/seeds Webconnex "Nerdy Information"): one envelope for every event,
// `{ eventType, accountId, formId, customerId, eventId, data, meta }`, plus four headers.
//
// "X-Webconnex-Signature | HMAC for the webhook. Note: Remains unchanged on resend events":
// the signature covers the body only, and the body holds nothing that changes between
// attempts (no attempt number, no send time; the webhook's name and app key as they were
// when the delivery was created), so a resend is byte-for-byte the same.
//
// The payload tables type `accountId`, `formId`, `customerId` and `eventId` as integers:
// accountId is the organization's account number, eventId the event's number (a sequence),
// formId the platform's own id of the form. Where the platform gave no numeric form id,
// formId is null (the document is silent on events without a form).

/**
 * Hex HMAC-SHA256 of the raw body. The seed names no algorithm or encoding; this is what
 * Webconnex actually sends (a 64-hex-digit value in its delivery logs) and what RegFox
 * receivers in the wild verify. The key is the whole secret string (`whsec_…`, UTF-8), as
 * a receiver pastes it; only `standard` base64-decodes it.
 */
export function webconnexSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

// The seed's formId is "Id of the form" the event happened on: the platform's id as sent or
// registered. When the event carries none, a form event is about the form itself (publish:
// data "id | Id of the form") and a coupon names its form (data "formId", null when global).
function formIdOf(event: DeliveryEvent): number | null {
  const sent = asInteger(event.platformFormId);
  if (sent !== undefined) return sent;
  if (event.type.startsWith('form.') && event.type !== 'form.submitted') return asInteger(event.data.id) ?? null;
  return asInteger(event.data.formId) ?? null;
}

export const webconnexFormat: WireFormat = {
  name: 'webconnex',
  buildRequest(input: FormatInput): WireRequest {
    const { event, webhook } = input;
    const eventType = seedEventName('webconnex', event.type, event.data) ?? event.type;
    // customerId is only documented on payloads that have a purchasing customer
    // (registration, subscription, sms, edit/cancel); publish, inventory and coupon omit it.
    const rawCustomerId = event.data.customerId;
    const customerId = asInteger(rawCustomerId) ?? (typeof rawCustomerId === 'string' ? rawCustomerId : undefined);
    const body = JSON.stringify({
      eventType,
      accountId: event.accountNumber,
      formId: formIdOf(event),
      ...(customerId !== undefined ? { customerId } : {}),
      eventId: event.number,
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
    const secret = singleSignatureSecret(input.secrets);
    return {
      body,
      // Spelled as the document's "Headers" table spells them.
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Webconnex-Divvy',
        'X-Webconnex-Event': eventType,
        'X-Webconnex-Delivery': input.deliveryId,
        ...(secret ? { 'X-Webconnex-Signature': webconnexSignature(secret, body) } : {}),
      },
    };
  },
};
