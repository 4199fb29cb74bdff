import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  DELIVERY_ID,
  EVENT_CREATED_AT,
  EVENT_ID,
  header,
  hexHmacSha256,
  makeInput,
  NOW,
  parseBody,
  PREVIOUS_SECRET,
  sample,
  SECRET,
} from '../../tests/support/format-requests';
import { charityStackFormat } from './charitystack';
import type { WireRequest } from './wire-format';

// Each block checks a request the way a receiver written from the seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (with node:crypto, never with the format's own helpers: see
// tests/support/format-requests.ts) and reads the body fields the seed documents. The
// comment on each assertion quotes the seed.

const FIVE_MINUTES = 5 * 60;

/** A receiver written from CharityStack's webhook verification guide, which the seed points to. */
function receiveCharityStack(request: WireRequest, secret: string, nowSeconds: number) {
  // "Extract X-Webhook-Signature and X-Webhook-Timestamp from the incoming request headers."
  const signature = header(request, 'X-Webhook-Signature') ?? '';
  const timestamp = header(request, 'X-Webhook-Timestamp') ?? '';
  // "signed_string = timestamp + "." + raw_body"; "Compute an HMAC-SHA256 of the signed string using
  // your webhook secret as the key, then hex-encode the result."; "Prefix your computed digest with sha256="
  const expected = `sha256=${hexHmacSha256(secret, `${timestamp}.${request.body}`)}`;
  // "Verify that the timestamp is within 5 minutes of your server's current time."
  const fresh = Math.abs(nowSeconds - Number(timestamp)) <= FIVE_MINUTES;
  return {
    signature,
    timestamp,
    deliveryId: header(request, 'X-Webhook-ID'),
    verified: constantTimeEqual(signature, expected) && fresh,
    payload: parseBody(request),
  };
}

describe('charitystack format', () => {
  it('sends donation.created signed over timestamp.body', () => {
    const request = charityStackFormat.buildRequest(makeInput('donation.created'));
    const received = receiveCharityStack(request, SECRET, NOW + 2);
    // Seed: "a one-time secret used to verify the HMAC-SHA256 signature on every delivery"; guide:
    // "X-Webhook-Signature | HMAC-SHA256 signature in the format sha256=<hex_digest>"
    expect(received.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(received.verified).toBe(true);
    // "X-Webhook-Timestamp | Unix timestamp (seconds) of when the request was signed"
    expect(received.timestamp).toBe(String(NOW));
    // "X-Webhook-ID | Unique delivery identifier for this event"
    expect(received.deliveryId).toBe(DELIVERY_ID);
    // Seed, request headers of its API: "Content-Type | Must be application/json."
    expect(header(request, 'Content-Type')).toBe('application/json');
    expect(received.payload).toEqual({
      id: EVENT_ID,
      // Seed event table: "donation.created | A new donation is received"
      event: 'donation.created',
      // Seed: "createdAt | integer | Unix timestamp (seconds)" (CharityStack's time format)
      createdAt: Math.floor(EVENT_CREATED_AT.getTime() / 1000),
      data: sample('donation.created'),
    });
  });

  it('keeps CharityStack event names', () => {
    // Seed event table: subscription.created, subscription.payment_method_updated, contact.created, form.updated, …
    for (const type of ['subscription.created', 'subscription.payment_method_updated', 'contact.updated', 'form.updated']) {
      const received = receiveCharityStack(charityStackFormat.buildRequest(makeInput(type)), SECRET, NOW);
      expect(received.payload.event, type).toBe(type);
      expect(received.payload.data, type).toEqual(sample(type));
      expect(received.verified, type).toBe(true);
    }
  });

  it('signs every retry with its own time, so the 5-minute check passes, over the same body', () => {
    const first = charityStackFormat.buildRequest(makeInput('contact.created', { attempt: 1, timestamp: NOW }));
    const later = NOW + 2 * 3_600;
    const retry = charityStackFormat.buildRequest(makeInput('contact.created', { attempt: 4, timestamp: later }));
    // "Reject requests with timestamps that are too old to protect against replay attacks."
    expect(receiveCharityStack(retry, SECRET, later).verified).toBe(true);
    expect(receiveCharityStack(first, SECRET, later).verified).toBe(false);
    // "X-Webhook-ID | Unique delivery identifier for this event": the same delivery, so receivers can dedupe.
    expect(header(retry, 'X-Webhook-ID')).toBe(header(first, 'X-Webhook-ID'));
    expect(retry.body).toBe(first.body);
  });

  it('fails verification for a tampered body or another secret', () => {
    const request = charityStackFormat.buildRequest(makeInput('donation.updated'));
    // "the payload was not modified in transit"
    const tampered = { ...request, body: request.body.replace('2020', '9999') };
    expect(receiveCharityStack(tampered, SECRET, NOW).verified).toBe(false);
    expect(receiveCharityStack(request, PREVIOUS_SECRET, NOW).verified).toBe(false);
  });
});
