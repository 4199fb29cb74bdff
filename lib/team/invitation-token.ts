import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// An invitation link carries a random token (256 bits); Tidings keeps only its SHA-256, as
// it does for API keys, so a copy of the database opens no invitation. A 256-bit random
// token is as unforgeable as a signature and needs no key to rotate.

const PREFIX = 'tdi_';

export function createInvitationToken(): { token: string; hash: string } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The stored hash against the presented token's, in constant time. */
export function invitationTokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashInvitationToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The console page that accepts it; the token rides in the fragment, which browsers never send to a server. */
export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/invitation#${token}`;
}
