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
// The payload tables type `accountId`, `formId`, `customerId` and `eventId` as integers, and
// none of them is optional: accountId is the organization's account number, eventId the
// event's number (a sequence), formId the platform's own id of the form, customerId the
// purchasing customer's. Where the event gives no such id, the documented fallback is 0:
// still the integer a receiver's schema expects, and documented as "no form" / "no customer"
// (formId 0 for a global coupon, a person, a contact; customerId 0 for a guest), never a null.
// docs/wire-formats.md#webconnex-ids.

/** The form or customer id of an event that names none: documented as "no form" / "no customer". */
export const WEBCONNEX_NO_ID = 0;

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
// data "id | Id of the form"), an inventory item names its form ("formLookupId | Id of the
// form"), and a coupon names its form (data "formId", null when global).
function formIdOf(event: DeliveryEvent): number {
  const sent = asInteger(event.platformFormId);
  if (sent !== undefined) return sent;
  if (event.type.startsWith('form.') && event.type !== 'form.submitted') return asInteger(event.data.id) ?? WEBCONNEX_NO_ID;
  if (event.type === 'inventory.threshold_reached') return asInteger(event.data.formLookupId) ?? WEBCONNEX_NO_ID;
  return asInteger(event.data.formId) ?? WEBCONNEX_NO_ID;
}

// The notifications whose payload table has `customerId | integer`, and those whose data
// table has it too, without "(Optional)" (registration, subscription, sms).
const WITH_CUSTOMER = new Set(['registration', 'subscription', 'sms', 'edit_registrant', 'cancel_registrant', 'edit_ticket', 'cancel_ticket', 'cancel_order']);
const CUSTOMER_IN_DATA = new Set(['registration', 'subscription', 'sms', 'cancel_order']);

/**
 * The data of a notification with a customer as its tables type it: `customerId` an integer,
 * the fallback where the data table requires one (registration, subscription, sms) or where
 * the platform sent a null. Events the document does not describe keep their data as sent.
 */
function webconnexData(eventType: string, data: Record<string, unknown>, customerId: number | undefined): Record<string, unknown> {
  if (customerId === undefined || !WITH_CUSTOMER.has(eventType)) return data;
  return CUSTOMER_IN_DATA.has(eventType) || 'customerId' in data ? { ...data, customerId } : data;
}

export const webconnexFormat: WireFormat = {
  name: 'webconnex',
  buildRequest(input: FormatInput): WireRequest {
    const { event, webhook } = input;
    const eventType = seedEventName('webconnex', event.type, event.data) ?? event.type;
    // customerId is only documented on payloads that have a purchasing customer
    // (registration, subscription, sms, edit/cancel); publish, inventory and coupon omit it.
    // Ingestion lets only integers (or strings of digits) in for those events.
    const sentCustomerId = asInteger(event.data.customerId);
    const customerId = WITH_CUSTOMER.has(eventType) ? (sentCustomerId ?? WEBCONNEX_NO_ID) : sentCustomerId;
    const body = JSON.stringify({
      eventType,
      accountId: event.accountNumber,
      formId: formIdOf(event),
      ...(customerId !== undefined ? { customerId } : {}),
      eventId: event.number,
      data: webconnexData(eventType, event.data, customerId),
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
