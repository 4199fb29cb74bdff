import 'server-only';
import { db } from '../db';
import { createId } from '../ids';
import type { Scope } from '../auth/scopes';
import { generateApiKeyToken } from './api-key-token';

export const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key; the returned `token` is the only time the full key exists outside the caller. */
export async function createApiKey(input: { organizationId: string; name: string; scopes: Scope[] }) {
  const { token, prefix, hash } = generateApiKeyToken();
  const apiKey = await db.apiKey.create({
    data: { id: createId('key'), organizationId: input.organizationId, name: input.name, scopes: input.scopes, prefix, hash },
    select: API_KEY_SELECT,
  });
  return { apiKey, token };
}
