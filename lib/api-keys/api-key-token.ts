import { createHash, randomBytes } from 'node:crypto';

// Keys look like `tdg_` + 43 base64url chars. Only the SHA-256 is stored; the first
// characters are kept in clear so a person can tell keys apart in the console.
export const API_KEY_PREFIX = 'tdg_';

export function generateApiKeyToken(): { token: string; prefix: string; hash: string } {
  const token = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKeyToken(token) };
}

export function hashApiKeyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
