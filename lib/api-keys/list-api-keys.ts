import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { API_KEY_SELECT } from './create-api-key';

const unix = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

export function serializeApiKey(key: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    // What the key may send a minute, and whether that is the instance's default (TIDINGS_API_KEY_RATE_LIMIT).
    rateLimit: { perMinute: key.rateLimitPerMinute ?? env().TIDINGS_API_KEY_RATE_LIMIT, isDefault: key.rateLimitPerMinute === null },
    createdAt: unix(key.createdAt),
    lastUsedAt: unix(key.lastUsedAt),
    revokedAt: unix(key.revokedAt),
  };
}

export type ApiKeyResource = ReturnType<typeof serializeApiKey>;

export async function listApiKeys(input: { organizationId: string }) {
  const keys = await db.apiKey.findMany({
    where: { organizationId: input.organizationId },
    orderBy: { createdAt: 'desc' },
    select: API_KEY_SELECT,
  });
  return { data: keys.map(serializeApiKey), nextCursor: null };
}
