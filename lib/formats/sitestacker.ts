import { createHmac } from 'node:crypto';
import { seedEventName } from '../events/seed-event-names';
import type { FormatInput, WireFormat, WireRequest } from './wire-format';

// Site Stacker (shared/seeds Site Stacker "Webhooks"): the body is the event's payload
// with no envelope ("contribution_create Payload: { "contribution_batch_id": "9" }"),
// and everything about the delivery travels in headers.

/**
 * "HMAC hex digest of the payload, using the hook's secret as the key". The key is the
 * secret string exactly as the admin copied it (`whsec_…`, UTF-8), because that is what a
 * receiver written from the seed pastes into its HMAC call; only `standard` decodes it.
 */
export function siteStackerSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export const siteStackerFormat: WireFormat = {
  name: 'sitestacker',
  buildRequest(input: FormatInput): WireRequest {
    const { event } = input;
    // A ping's data is already `{ hook, … }`, the seed's "Ping Event Payload".
    const body = JSON.stringify(event.data);
    const secret = input.secrets[0];
    return {
      body,
      headers: {
        'content-type': 'application/json',
        // "the User-Agent for the requests will be SiteStacker"
        'user-agent': 'SiteStacker',
        'sitestacker-event': seedEventName('sitestacker', event.type, event.data) ?? event.type,
        'sitestacker-delivery': input.deliveryId,
        // "(if configured)": a receiver tells an unsigned hook by the header's absence.
        ...(secret ? { 'sitestacker-signature': siteStackerSignature(secret, body) } : {}),
      },
    };
  },
};
