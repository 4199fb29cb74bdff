import 'server-only';
import { getServerSession } from 'next-auth';
import { db, pool } from '../db';
import { hashApiKeyToken } from '../api-keys/api-key-token';
import { AppError } from '../errors';
import { listAccessibleOrganizations } from '../organizations/accessible-organizations';
import { authOptions } from './auth-options';
import { findLiveSessionUser } from './console-sessions';
import { isScope, scopesForRole, type Role, type Scope } from './scopes';

export const ORGANIZATION_COOKIE = 'tidings_org';

export type CallerOrganization = { id: string; slug: string; name: string; parentId: string | null };

export type Caller =
  | {
      kind: 'user';
      userId: string;
      email: string;
      /** The console session this request rides on (lib/auth/console-sessions.ts). */
      sessionId: string;
      role: Role;
      organization: CallerOrganization;
      organizations: (CallerOrganization & { role: Role })[];
      scopes: Scope[];
    }
  | {
      kind: 'apiKey';
      apiKeyId: string;
      /** "name (prefix…)", how the audit log names the key. */
      apiKeyLabel?: string;
      /** The key's own requests a minute; null or absent: TIDINGS_API_KEY_RATE_LIMIT. */
      rateLimitPerMinute?: number | null;
      organization: CallerOrganization;
      scopes: Scope[];
    };

// lastUsedAt is informative; writing it on every request would cost a write per call.
const LAST_USED_GRANULARITY_MS = 60_000;

// Raw SQL, not Prisma: every API request runs this lookup, and Prisma's per-query work
// cost more CPU than the rest of a POST /events (bench/ingestion.ts, single events).
const FIND_API_KEY = `
  select k.id, k.name, k.prefix, k.scopes, k."rateLimitPerMinute", k."revokedAt", k."lastUsedAt",
    json_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'parentId', o."parentId") as organization
  from "ApiKey" k join "Organization" o on o.id = k."organizationId"
  where k.hash = $1`;

type FoundApiKey = { id: string; name: string; prefix: string; scopes: string[]; rateLimitPerMinute: number | null; revokedAt: Date | null; lastUsedAt: Date | null; organization: CallerOrganization };

export async function resolveApiKey(token: string): Promise<Caller> {
  const { rows } = await pool().query<FoundApiKey>(FIND_API_KEY, [hashApiKeyToken(token)]);
  const apiKey = rows[0];
  if (!apiKey || apiKey.revokedAt) {
    throw new AppError('unauthorized', 'The API key is not valid or has been revoked', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
  const now = Date.now();
  if (!apiKey.lastUsedAt || now - apiKey.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    kind: 'apiKey',
    apiKeyId: apiKey.id,
    apiKeyLabel: `${apiKey.name} (${apiKey.prefix}…)`,
    rateLimitPerMinute: apiKey.rateLimitPerMinute,
    organization: apiKey.organization, scopes: apiKey.scopes.filter(isScope) };
}

/**
 * The signed-in console user, or null. A session that has ended on the server (signed out,
 * signed out everywhere, password changed, user disabled, past its lifetime) is none.
 */
export async function resolveSessionCaller(selectedOrganizationId?: string): Promise<Caller | null> {
  // Outside a Next request (scripts, tests) there is no session to read.
  const session = await getServerSession(authOptions()).catch(() => null);
  if (!session?.uid) return null;
  const user = await findLiveSessionUser({ sid: session.sid, uid: session.uid, sv: session.sv });
  if (!user) return null;
  const organizations = await listAccessibleOrganizations(user.id);
  const current = organizations.find((org) => org.id === selectedOrganizationId) ?? organizations[0];
  if (!current) return null;
  const { role, ...organization } = current;
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    sessionId: user.sessionId,
    role,
    organization,
    organizations,
    scopes: scopesForRole(role),
  };
}

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    // A cookie is the client's to forge: a broken escape is no selection, not a 500.
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Bearer API key first, then the console session; null when neither is present. */
export async function resolveCaller(request: Request): Promise<Caller | null> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new AppError('unauthorized', 'Use "Authorization: Bearer <api key>"', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_request"' },
      });
    }
    return resolveApiKey(match[1]);
  }
  return resolveSessionCaller(readCookie(request, ORGANIZATION_COOKIE));
}
