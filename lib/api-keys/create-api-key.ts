import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { createId } from '../ids';
import type { Scope } from '../auth/scopes';
import { generateApiKeyToken } from './api-key-token';

export const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  rateLimitPerMinute: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key; the returned `token` is the only time the full key exists outside the caller. */
export async function createApiKey(input: { organizationId: string; name: string; scopes: Scope[]; rateLimitPerMinute?: number | null; audit?: AuditSource }) {
  const { token, prefix, hash } = generateApiKeyToken();
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { id: createId('key'), organizationId: input.organizationId, name: input.name, scopes: input.scopes, rateLimitPerMinute: input.rateLimitPerMinute ?? null, prefix, hash },
      select: API_KEY_SELECT,
    });
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'api_key.created',
        target: { type: 'api_key', id: created.id },
        changes: { name: created.name, prefix: created.prefix, scopes: created.scopes, rateLimitPerMinute: created.rateLimitPerMinute, key: 'set' },
      });
    }
    return created;
  });
  return { apiKey, token };
}
