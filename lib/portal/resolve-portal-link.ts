import 'server-only';
import { scopesForRole, EVENT_SCOPES, type Scope } from '../auth/scopes';
import { db, pool } from '../db';
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
  /**
   * The event scopes the link reads with: those its maker held when making it, less any the
   * maker has lost since (docs/security-model.md#one-rule). Deliveries of other types are
   * not listed, shown, tested or resent.
   */
  scopes: Scope[];
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
    select: { id: true, organizationId: true, webhookId: true, tokenHash: true, allowResend: true, expiresAt: true, revokedAt: true, createdBy: true, scopes: true },
  });
  if (!row || !portalTokenMatches(token, row.tokenHash)) return unknown;
  if (row.revokedAt) {
    return { refusal: { reason: 'revoked', message: 'This portal link was revoked. Ask the organization that shared it for a new one.', at: row.revokedAt } };
  }
  if (row.expiresAt.getTime() <= Date.now()) {
    return { refusal: { reason: 'expired', message: 'This portal link has expired. Ask the organization that shared it for a new one.', at: row.expiresAt } };
  }
  const makerScopes = await currentScopesOfMaker(row.createdBy, row.organizationId);
  if (!makerScopes) {
    return {
      refusal: { reason: 'revoked', message: 'This portal link ended: whoever made it no longer has access. Ask the organization that shared it for a new one.' },
    };
  }
  const made = Array.isArray(row.scopes) ? (row.scopes as string[]) : null;
  const scopes = makerScopes.filter((scope) => (EVENT_SCOPES as readonly string[]).includes(scope) && (made === null || made.includes(scope)));
  return { access: { linkId: row.id, organizationId: row.organizationId, webhookId: row.webhookId, allowResend: row.allowResend, expiresAt: row.expiresAt, scopes } };
}

/**
 * What the link's maker may read now: the API key's scopes while it is not revoked, or the
 * member's role in the link's organization (held there or in a parent) while the account is
 * enabled; null when the maker is gone, which ends the link.
 */
async function currentScopesOfMaker(createdBy: string, organizationId: string): Promise<Scope[] | null> {
  const [kind, id] = createdBy.split(':', 2);
  if (kind === 'apiKey' && id) {
    const { rows } = await pool().query<{ scopes: Scope[] }>(`select scopes from "ApiKey" where id = $1 and "organizationId" = $2 and "revokedAt" is null`, [id, organizationId]);
    return rows[0]?.scopes ?? null;
  }
  if (kind === 'user' && id) {
    // The nearest membership on the way up from the link's organization decides the role.
    const { rows } = await pool().query<{ role: 'owner' | 'admin' | 'viewer' }>(
      `with recursive up as (
         select id, "parentId", 0 as depth from "Organization" where id = $2
         union all
         select o.id, o."parentId", up.depth + 1 from "Organization" o join up on o.id = up."parentId" where up.depth < 32
       )
       select m.role::text as role from up
       join "Membership" m on m."organizationId" = up.id and m."userId" = $1
       join "User" u on u.id = m."userId" and u."disabledAt" is null
       order by up.depth limit 1`,
      [id, organizationId],
    );
    return rows[0] ? scopesForRole(rows[0].role) : null;
  }
  return null;
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
