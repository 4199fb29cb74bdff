import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  decodeSecretKey,
  generateWebhookSecret,
  hexBodySignature,
  signStandardWebhook,
  verifyStandardWebhook,
} from './standard-webhooks';

// The known answer published with the Standard Webhooks specification and its libraries.
const KNOWN = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function headersOf(id: string, timestamp: number, signature: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

describe('signStandardWebhook', () => {
  it('reproduces the specification known answer', () => {
    expect(signStandardWebhook({ secrets: [KNOWN.secret], id: KNOWN.id, timestamp: KNOWN.timestamp, body: KNOWN.body })).toBe(
      KNOWN.signature,
    );
  });

  it('is verified unchanged by the standardwebhooks package', () => {
    const secret = generateWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_1', type: 'donation.created', data: { amount: 25, note: 'café ☕' } });
    const headers = headersOf('msg_fresh', timestamp, signStandardWebhook({ secrets: [secret], id: 'msg_fresh', timestamp, body }));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('lists one signature per secret during rotation, and each secret alone verifies', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"hello":"world"}';
    const signature = signStandardWebhook({ secrets: [current, previous], id: 'msg_rotate', timestamp, body });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    expect(signature.split(' ')[0]).toBe(signStandardWebhook({ secrets: [current], id: 'msg_rotate', timestamp, body }));
    const headers = headersOf('msg_rotate', timestamp, signature);
    expect(new Webhook(current).verify(body, headers)).toEqual({ hello: 'world' });
    expect(new Webhook(previous).verify(body, headers)).toEqual({ hello: 'world' });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('refuses to sign without a secret or with a fractional timestamp', () => {
    expect(() => signStandardWebhook({ secrets: [], id: 'msg_1', timestamp: 1, body: '' })).toThrow();
    expect(() => signStandardWebhook({ secrets: [KNOWN.secret], id: 'msg_1', timestamp: 1.5, body: '' })).toThrow();
    expect(() => signStandardWebhook({ secrets: ['whsec_'], id: 'msg_1', timestamp: 1, body: '' })).toThrow();
  });
});

describe('generateWebhookSecret', () => {
  it('is whsec_ plus base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeSecretKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});

describe('hexBodySignature', () => {
  it('is the hex HMAC-SHA256 of the body keyed with the decoded secret bytes', () => {
    // Computed independently: openssl dgst -sha256 -mac HMAC -macopt hexkey:<base64-decoded secret>
    expect(hexBodySignature(KNOWN.secret, KNOWN.body)).toBe('e2cb4f5251572539d458bfb8a7adb533b08801e6a794467e06f771debbb0818b');
  });
});

describe('verifyStandardWebhook', () => {
  const now = KNOWN.timestamp * 1000;
  const headers = headersOf(KNOWN.id, KNOWN.timestamp, KNOWN.signature);

  it('accepts the known answer within the tolerance window', () => {
    expect(verifyStandardWebhook({ secret: KNOWN.secret, headers, body: KNOWN.body, now })).toEqual({ valid: true });
    expect(verifyStandardWebhook({ secret: KNOWN.secret, headers, body: KNOWN.body, now: now + 299_000 }).valid).toBe(true);
  });

  it('reads headers case-insensitively, from a Headers object too', () => {
    const upper = { 'Webhook-Id': KNOWN.id, 'Webhook-Timestamp': String(KNOWN.timestamp), 'Webhook-Signature': KNOWN.signature };
    expect(verifyStandardWebhook({ secret: KNOWN.secret, headers: upper, body: KNOWN.body, now }).valid).toBe(true);
    expect(verifyStandardWebhook({ secret: KNOWN.secret, headers: new Headers(upper), body: KNOWN.body, now }).valid).toBe(true);
  });

  it('accepts any of several signatures, our own rotation output included', () => {
    const other = generateWebhookSecret();
    const signature = signStandardWebhook({ secrets: [other, KNOWN.secret], id: KNOWN.id, timestamp: KNOWN.timestamp, body: KNOWN.body });
    const rotated = headersOf(KNOWN.id, KNOWN.timestamp, signature);
    expect(verifyStandardWebhook({ secret: KNOWN.secret, headers: rotated, body: KNOWN.body, now }).valid).toBe(true);
    expect(verifyStandardWebhook({ secret: other, headers: rotated, body: KNOWN.body, now }).valid).toBe(true);
  });

  it('rejects a changed body, id, wrong secret, stale or future timestamps and missing headers', () => {
    const check = (overrides: Partial<Parameters<typeof verifyStandardWebhook>[0]>) =>
      verifyStandardWebhook({ secret: KNOWN.secret, headers, body: KNOWN.body, now, ...overrides }).valid;
    expect(check({ body: `${KNOWN.body} ` })).toBe(false);
    expect(check({ headers: { ...headers, 'webhook-id': 'msg_other' } })).toBe(false);
    expect(check({ secret: generateWebhookSecret() })).toBe(false);
    expect(check({ now: now + 301_000 })).toBe(false);
    expect(check({ now: now - 301_000 })).toBe(false);
    expect(check({ headers: { 'webhook-id': KNOWN.id, 'webhook-timestamp': String(KNOWN.timestamp) } })).toBe(false);
    expect(check({ headers: { ...headers, 'webhook-timestamp': `${KNOWN.timestamp}.0` } })).toBe(false);
    expect(check({ headers: { ...headers, 'webhook-signature': KNOWN.signature.replace('v1,', 'v2,') } })).toBe(false);
  });
});
