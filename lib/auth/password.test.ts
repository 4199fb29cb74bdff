import { describe, expect, it } from 'vitest';
import { hashPassword, MAX_PASSWORD_BYTES, PasswordTooLongError, verifyPassword } from './password';

// Issue 12 item 13: bcrypt reads 72 bytes. Nothing longer is set, and signing in never
// accepts a longer password because its first 72 bytes match.

describe('passwords and bcrypt’s 72 bytes', () => {
  it('refuses to hash a password longer than 72 bytes, counting UTF-8 bytes, not characters', async () => {
    await expect(hashPassword('a'.repeat(MAX_PASSWORD_BYTES + 1))).rejects.toBeInstanceOf(PasswordTooLongError);
    // 25 three-byte characters: 25 characters, 75 bytes.
    await expect(hashPassword('€'.repeat(25))).rejects.toThrow('at most 72 bytes');
  });

  it('never matches a longer password that shares the first 72 bytes of the real one', async () => {
    const password = 'p'.repeat(MAX_PASSWORD_BYTES);
    const hash = await hashPassword(password);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword(`${password}anything`, hash)).toBe(false);
    expect(await verifyPassword(`${password}p`, hash)).toBe(false);
    expect(await verifyPassword(password.slice(1), hash)).toBe(false);
  });
});
