import 'server-only';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import { AppError } from '../errors';

// Custom header values are secrets (docs/security-model.md#secrets-at-rest): stored as one sealed JSON object beside the
// names in clear, so listing a webhook never needs the key and a dump shows no value.

export type SealedCustomHeaders = { customHeaderNames: string[]; customHeadersEncrypted: string | null };

export function sealCustomHeaders(headers: Record<string, string>): SealedCustomHeaders {
  const names = Object.keys(headers);
  return { customHeaderNames: names, customHeadersEncrypted: names.length > 0 ? encryptSecret(JSON.stringify(headers)) : null };
}

export function openCustomHeaders(sealed: string | null, decrypt: (sealed: string) => string = decryptSecret): Record<string, string> {
  return sealed ? (JSON.parse(decrypt(sealed)) as Record<string, string>) : {};
}

/**
 * A PATCH's headers applied to the stored ones: a value replaces, null keeps the stored
 * value of that name (header names ignore case), a name left out is removed. Keeping a
 * header that has no stored value is a 400 naming it.
 */
export function mergeCustomHeaders(stored: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
  const merged: Record<string, string> = {};
  const issues: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(patch)) {
    if (value !== null) {
      merged[name] = value;
      continue;
    }
    const kept = storedByName.get(name.toLowerCase());
    if (kept === undefined) issues.push({ path: `customHeaders.${name}`, message: `"${name}" has no stored value to keep: enter its value` });
    else merged[name] = kept;
  }
  if (issues.length > 0) throw new AppError('validation_failed', 'A custom header needs a value', { issues });
  return merged;
}
