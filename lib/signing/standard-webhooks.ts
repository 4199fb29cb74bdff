import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com, docs/wire-formats.md#signing): the HMAC key is the
// base64-decoded part of the secret after `whsec_`, the signed content is
// "{id}.{timestamp}.{body}", and the header lists one `v1,<base64>` per valid secret so
// that receivers keep verifying while a rotated-out secret is still honoured.

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The HMAC key of a secret. Unprefixed values are read as base64 too, which is what
 * the `standardwebhooks` package does, so both sides agree on any secret.
 */
export function decodeSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  // An empty key would still "sign"; a misconfigured secret must fail loudly instead.
  if (key.length === 0) throw new Error('Webhook secret is empty or not base64');
  return key;
}

// An HMAC keyed with a KeyObject costs a fraction of one keyed with raw bytes (Node
// builds a key object from the bytes on every call), and a busy worker signs with the
// same few secrets thousands of times a second.
const signingKeys = new Map<string, KeyObject>();
function signingKey(secret: string): KeyObject {
  let key = signingKeys.get(secret);
  if (!key) {
    key = createSecretKey(decodeSecretKey(secret));
    if (signingKeys.size >= 10_000) signingKeys.clear();
    signingKeys.set(secret, key);
  }
  return key;
}

function computeSignature(key: Buffer | KeyObject, id: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The `webhook-signature` header value: `v1,<base64>` per secret, current first, space-separated. */
export function signStandardWebhook(input: { secrets: string[]; id: string; timestamp: number; body: string }): string {
  if (input.secrets.length === 0) throw new Error('At least one webhook secret is required to sign');
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new Error('Webhook timestamp must be whole unix seconds');
  }
  return input.secrets
    .map((secret) => `v1,${computeSignature(signingKey(secret), input.id, input.timestamp, input.body)}`)
    .join(' ');
}

/**
 * Hex HMAC-SHA256 of the body alone (`x-tidings-signature`), for receivers that check a
 * plain body HMAC in the Site Stacker / Webconnex / CharityStack style. The key is the
 * same decoded secret bytes Standard Webhooks uses — not the UTF-8 of the `whsec_…`
 * string — so one secret means one key; receivers must decode it the same way.
 */
export function hexBodySignature(secret: string, body: string): string {
  return createHmac('sha256', signingKey(secret)).update(body).digest('hex');
}

export type VerifyResult = { valid: true } | { valid: false; reason: string };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

/**
 * Verifies a Standard Webhooks request, as our inbox page does for what it receives.
 * Signatures are compared in constant time; a timestamp outside the tolerance fails
 * so a captured request cannot be replayed later.
 */
export function verifyStandardWebhook(input: {
  secret: string;
  headers: HeaderSource;
  body: string;
  toleranceSeconds?: number;
  /** Current time in milliseconds (defaults to Date.now()). */
  now?: number;
}): VerifyResult {
  const id = readHeader(input.headers, 'webhook-id');
  const timestamp = readHeader(input.headers, 'webhook-timestamp');
  const signatures = readHeader(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return { valid: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  }
  if (!/^\d{1,15}$/.test(timestamp)) return { valid: false, reason: 'webhook-timestamp is not unix seconds' };
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { valid: false, reason: 'webhook-timestamp is outside the tolerance window' };
  }
  let key: Buffer;
  try {
    key = decodeSecretKey(input.secret);
  } catch {
    return { valid: false, reason: 'the secret is not a valid whsec_ value' };
  }
  const expected = Buffer.from(computeSignature(key, id, timestamp, input.body));
  let matched = false;
  // Checks every entry (no early exit) so timing does not reveal which one matched.
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1));
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched ? { valid: true } : { valid: false, reason: 'no signature matches the secret' };
}
