import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// A portal link's token: `tdp_` + 32 random bytes (base64url), shown once inside the URL.
// Only its SHA-256 is stored, like an API key's (docs/security-model.md#consumer-portal).

const TOKEN_PATTERN = /^tdp_[A-Za-z0-9_-]{43}$/;

export function createPortalToken(): string {
  return `tdp_${randomBytes(32).toString('base64url')}`;
}

export function hashPortalToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string has a token's shape: anything else is refused before any lookup. */
export function isPortalTokenShape(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The stored hash against the token's, in constant time. */
export function portalTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashPortalToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
