import { createHmac } from 'node:crypto';
import { seedEventName } from '../events/seed-event-names';
import { singleSignatureSecret, USER_AGENT, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// CharityStack. The seed ("Create a webhook") only says deliveries carry an HMAC-SHA256
// signature in X-Webhook-Signature and sends the reader to "the webhook verification
// guide for implementation examples". That guide (api.charitystack.com/guides/
// webhook-verification) is what a receiver is written from, and it fixes the scheme:
//   - headers X-Webhook-Signature "sha256=<hex_digest>", X-Webhook-Timestamp "Unix
//     timestamp (seconds) of when the request was signed", X-Webhook-ID "Unique delivery
//     identifier for this event";
//   - signed_string = timestamp + "." + raw_body, HMAC-SHA256 "using your webhook secret
//     as the key, then hex-encode the result";
//   - receivers reject timestamps more than 5 minutes old, so every attempt is signed
//     with its own time, while the body and X-Webhook-ID stay the same across retries.

/**
 * `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}`. The key is the whole secret
 * string as shown once at creation (`whsec_…`, UTF-8): the guide says to use "your webhook
 * secret as the key", and that is the string a receiver pastes; only `standard` decodes it.
 */
export function charityStackSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export const charityStackFormat: WireFormat = {
  name: 'charitystack',
  buildRequest(input: FormatInput): WireRequest {
    const { event } = input;
    // Times are Unix seconds throughout CharityStack (webhook createdAt, lastDeliveryAt).
    const body = JSON.stringify({
      id: event.id,
      event: seedEventName('charitystack', event.type, event.data) ?? event.type,
      createdAt: Math.floor(event.createdAt.getTime() / 1000),
      data: event.data,
      // docs/delivery-semantics.md#tests-and-pings: "Send a Test" flags test deliveries; absent on real ones.
      ...(event.test ? { test: true } : {}),
    });
    const secret = singleSignatureSecret(input.secrets);
    const timestamp = String(input.timestamp);
    return {
      body,
      // Spelled as the document ("X-Webhook-Signature") and its verification guide spell them.
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-Webhook-ID': input.deliveryId,
        'X-Webhook-Timestamp': timestamp,
        ...(secret ? { 'X-Webhook-Signature': charityStackSignature(secret, input.timestamp, body) } : {}),
      },
    };
  },
};
