import bcrypt from 'bcryptjs';

const COST = 11;

/**
 * bcrypt reads at most 72 bytes of a password and ignores the rest: two passwords that
 * share their first 72 bytes would both open the account. Longer ones are refused, when
 * set and when signing in, rather than silently truncated.
 */
export const MAX_PASSWORD_BYTES = 72;

export class PasswordTooLongError extends Error {
  constructor() {
    super(`Passwords are at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`);
    this.name = 'PasswordTooLongError';
  }
}

export function passwordBytes(password: string): number {
  return Buffer.byteLength(password, 'utf8');
}

export function hashPassword(password: string): Promise<string> {
  if (passwordBytes(password) > MAX_PASSWORD_BYTES) return Promise.reject(new PasswordTooLongError());
  return bcrypt.hash(password, COST);
}

/** False for a password longer than bcrypt reads: it was never set, so it cannot match. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (passwordBytes(password) > MAX_PASSWORD_BYTES) {
    // Spend the same time as a real comparison, so the length shows nothing either.
    await bcrypt.compare(password.slice(0, 1), hash);
    return false;
  }
  return bcrypt.compare(password, hash);
}
