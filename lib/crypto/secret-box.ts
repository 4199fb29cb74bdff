import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeKey, env } from '../env';

// Secrets at rest: AES-256-GCM, stored as "v1.<iv>.<tag>.<ciphertext>" in base64url.
const VERSION = 'v1';

function encryptionKey(): Buffer {
  const configured = env().TIDINGS_ENCRYPTION_KEY;
  const key = configured ? decodeKey(configured) : undefined;
  if (!key || key.length !== 32) {
    throw new Error('TIDINGS_ENCRYPTION_KEY is not set: secrets cannot be encrypted');
  }
  return key;
}

export function encryptSecret(plaintext: string, key: Buffer = encryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function decryptSecret(sealed: string, key: Buffer = encryptionKey()): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('Unrecognised encrypted secret format');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
