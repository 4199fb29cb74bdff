import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { addressRateLimitKey, readStampedClientAddress } from '../http/client-address';
import { consumeRateLimit, LIMITS } from '../http/rate-limit';
import { hashPortalToken, isPortalTokenShape, portalTokenMatches } from './portal-link-token';

export type PortalAccess = {
  linkId: string;
  organizationId: string;
  webhookId: string;
  allowResend: boolean;
  expiresAt: Date;
  /** The client's address as the launcher stamped it (lib/http/client-address.ts), when known. */
  clientAddress: string | undefined;
};

/** Why a link no longer opens, as the portal page says it. */
export type PortalLinkRefusal = { reason: 'unknown' | 'revoked' | 'expired'; message: string; at?: Date };

/**
 * The link a token names, checked: the token's shape, its hash (the only thing stored),
 * compared in constant time, not revoked, not expired. Shared by the portal's page (which
 * shows a refusal) and its API (which answers 404 or 410).
 */
export async function findPortalLink(token: string): Promise<{ access: Omit<PortalAccess, 'clientAddress'> } | { refusal: PortalLinkRefusal }> {
  const unknown = { refusal: { reason: 'unknown' as const, message: 'This portal link is not valid. Ask the organization that shared it for a new one.' } };
  if (!isPortalTokenShape(token)) return unknown;
  const row = await db.portalLink.findUnique({
    where: { tokenHash: hashPortalToken(token) },
    select: { id: true, organizationId: true, webhookId: true, tokenHash: true, allowResend: true, expiresAt: true, revokedAt: true },
  });
  if (!row || !portalTokenMatches(token, row.tokenHash)) return unknown;
  if (row.revokedAt) {
    return { refusal: { reason: 'revoked', message: 'This portal link was revoked. Ask the organization that shared it for a new one.', at: row.revokedAt } };
  }
  if (row.expiresAt.getTime() <= Date.now()) {
    return { refusal: { reason: 'expired', message: 'This portal link has expired. Ask the organization that shared it for a new one.', at: row.expiresAt } };
  }
  return { access: { linkId: row.id, organizationId: row.organizationId, webhookId: row.webhookId, allowResend: row.allowResend, expiresAt: row.expiresAt } };
}

/** Spends one point of the client's address and one of the token (429 when either is spent); returns the address. */
export async function limitPortalRequest(header: (name: string) => string | null | undefined, token: string): Promise<string | undefined> {
  const clientAddress = readStampedClientAddress(header, env().NEXTAUTH_SECRET);
  if (clientAddress) await consumeRateLimit(LIMITS.portalAddress, addressRateLimitKey(clientAddress), 'Too many portal requests from this address');
  await consumeRateLimit(LIMITS.portalLink, hashPortalToken(token).slice(0, 32), 'Too many requests with this portal link');
  return clientAddress;
}

/** The portal API's door: rate limits (per address, per token), then the link, or 404/410. */
export async function resolvePortalAccess(request: Request, token: string): Promise<PortalAccess> {
  const clientAddress = await limitPortalRequest((name) => request.headers.get(name), token);
  const found = await findPortalLink(token);
  if ('refusal' in found) {
    throw found.refusal.reason === 'unknown' ? new AppError('portal_link_not_found', found.refusal.message) : new AppError('portal_link_gone', found.refusal.message);
  }
  return { ...found.access, clientAddress };
}
