import { createHmac } from 'node:crypto';
import { seedEventName } from '../events/seed-event-names';
import { singleSignatureSecret, type DeliveryEvent, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// Site Stacker (shared/seeds Site Stacker "Webhooks"): the body is the event's payload
// with no envelope ("contribution_create Payload: { "contribution_batch_id": "9" }"),
// and everything about the delivery travels in headers.
//
// The document's payloads carry their ids as strings ("9", "18", "4609"); a platform that
// sent a number gets it sent as the document's string. Ingestion refuses a donation.created
// without `contribution_batch_id` while a Site Stacker-format webhook would receive it
// (lib/formats/required-data.ts): no other id can stand in for the batch a receiver looks up.
// Only deliveries accepted before that rule can lack it; they keep the key, as null.

/**
 * "HMAC hex digest of the payload, using the hook's secret as the key". The key is the
 * secret string exactly as the admin copied it (`whsec_…`, UTF-8), because that is what a
 * receiver written from the seed pastes into its HMAC call; only `standard` decodes it.
 */
export function siteStackerSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

function asStringId(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

/** The event's data as the document's payload for that event. */
export function siteStackerPayload(event: Pick<DeliveryEvent, 'type' | 'data'>): Record<string, unknown> {
  const { data } = event;
  if (event.type === 'donation.created') {
    return { ...data, contribution_batch_id: data.contribution_batch_id == null ? null : asStringId(data.contribution_batch_id) };
  }
  if (event.type === 'person.type_assigned') {
    const personType = data.person_type as Record<string, unknown> | undefined;
    return {
      ...data,
      ...(personType && typeof personType === 'object' ? { person_type: { ...personType, id: asStringId(personType.id) } } : {}),
      person_id: asStringId(data.person_id),
    };
  }
  // A ping's data is already `{ hook, … }`, the seed's "Ping Event Payload".
  return data;
}

export const siteStackerFormat: WireFormat = {
  name: 'sitestacker',
  buildRequest(input: FormatInput): WireRequest {
    const { event } = input;
    const body = JSON.stringify(siteStackerPayload(event));
    const secret = singleSignatureSecret(input.secrets);
    return {
      body,
      // Spelled as the document's "Delivery headers" table spells them.
      headers: {
        'Content-Type': 'application/json',
        // "the User-Agent for the requests will be SiteStacker"
        'User-Agent': 'SiteStacker',
        'SiteStacker-Event': seedEventName('sitestacker', event.type, event.data) ?? event.type,
        'SiteStacker-Delivery': input.deliveryId,
        // "(if configured)": a receiver tells an unsigned hook by the header's absence.
        ...(secret ? { 'SiteStacker-Signature': siteStackerSignature(secret, body) } : {}),
      },
    };
  },
};
