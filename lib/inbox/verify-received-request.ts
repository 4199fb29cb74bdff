import { timingSafeEqual } from 'node:crypto';
import { charityStackSignature } from '../formats/charitystack';
import { siteStackerSignature } from '../formats/sitestacker';
import { webconnexSignature } from '../formats/webconnex';
import { verifyStandardWebhook } from '../signing/standard-webhooks';

// How the inbox recognises and checks a delivery, per wire format that signs (docs/wire-formats.md):
// the header that names the delivery, and how a secret signs the request. A request is
// verified by the scheme its headers show, not by the webhook's current format, so
// changing a webhook's format later does not turn its old requests "invalid".
export type SignatureScheme = 'standard' | 'sitestacker' | 'webconnex' | 'charitystack';

type Headers = Record<string, string>;

const SCHEMES: { scheme: SignatureScheme; deliveryHeader: string }[] = [
  { scheme: 'standard', deliveryHeader: 'webhook-id' },
  { scheme: 'sitestacker', deliveryHeader: 'sitestacker-delivery' },
  { scheme: 'webconnex', deliveryHeader: 'x-webconnex-delivery' },
  { scheme: 'charitystack', deliveryHeader: 'x-webhook-id' },
];

/** The delivery id a received request claims to be, and the scheme that would sign it. */
export function claimedDelivery(headers: Headers): { deliveryId: string; scheme: SignatureScheme } | null {
  for (const { scheme, deliveryHeader } of SCHEMES) {
    const value = headers[deliveryHeader];
    if (value && /^msg_[0-9a-z]{10,40}$/.test(value)) return { deliveryId: value, scheme };
  }
  return null;
}

function sameText(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The inbox is read long after a request arrived, so the timestamp is checked against
// the moment it was received, not against now. The day of slack only absorbs clock and
// time-zone skew between the sender and the stored receipt time; it still flags a
// request replayed days later.
const RECEIPT_TOLERANCE_SECONDS = 24 * 3600;

/** Whether `secret` signed this request under `scheme`. */
export function signedBy(input: { scheme: SignatureScheme; secret: string; headers: Headers; body: string; receivedAt: Date }): boolean {
  const { headers, body, secret } = input;
  switch (input.scheme) {
    case 'standard':
      return verifyStandardWebhook({
        secret,
        headers,
        body,
        now: input.receivedAt.getTime(),
        toleranceSeconds: RECEIPT_TOLERANCE_SECONDS,
      }).valid;
    case 'sitestacker':
      return sameText(headers['sitestacker-signature'], siteStackerSignature(secret, body));
    case 'webconnex':
      return sameText(headers['x-webconnex-signature'], webconnexSignature(secret, body));
    case 'charitystack': {
      const timestamp = headers['x-webhook-timestamp'];
      if (!timestamp || !/^\d{1,15}$/.test(timestamp)) return false;
      if (Math.abs(input.receivedAt.getTime() / 1000 - Number(timestamp)) > RECEIPT_TOLERANCE_SECONDS) return false;
      return sameText(headers['x-webhook-signature'], charityStackSignature(secret, Number(timestamp), body));
    }
  }
}
