import { SECRET_MASK } from './wire-format';

// Secrets a format puts in a body: NationBuilder's top-level `token` ("a shared secret token …
// attached to the payload via the key `token`"). Anything that shows a received body (the
// request inbox) replaces it with the mask; nested `token` fields are the platform's data
// (a Kajabi offer's checkout token) and stay.

/** The body with a top-level JSON `token` string masked; any other body unchanged. */
export function maskBodySecrets(body: string): string {
  if (!body.includes('"token"')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
  const record = parsed as Record<string, unknown>;
  if (typeof record.token !== 'string') return body;
  return JSON.stringify({ ...record, token: SECRET_MASK });
}
