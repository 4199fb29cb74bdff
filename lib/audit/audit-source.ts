import 'server-only';
import type { Caller } from '../auth/resolve-caller';
import { env } from '../env';
import { readStampedClientAddress } from '../http/client-address';
import type { AuditSource } from './record-audit';

/**
 * The client's address as our web server decided and signed it (lib/http/client-address.ts);
 * null when the request did not come through it (tests, a bare `next start`): an address a
 * client could forge is not written down as if it were known.
 */
export function requestAddress(request: Request): string | null {
  return readStampedClientAddress((name) => request.headers.get(name), env().NEXTAUTH_SECRET) ?? null;
}

/** Who is calling, for the audit log: the console user or the API key, and their address. */
export function auditSource(caller: Caller, request: Request): AuditSource {
  const address = requestAddress(request);
  if (caller.kind === 'user') return { actor: { type: 'user', id: caller.userId, label: caller.email }, address };
  return { actor: { type: 'apiKey', id: caller.apiKeyId, label: caller.apiKeyLabel ?? null }, address };
}

/** Operator commands (`npm run tidings -- …`) run on the server: the actor is the CLI, the address none. */
export function cliSource(label = 'npm run tidings'): AuditSource {
  return { actor: { type: 'cli', label }, address: null };
}
