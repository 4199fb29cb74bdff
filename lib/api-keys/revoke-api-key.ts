import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';
import { API_KEY_SELECT } from './create-api-key';

/**
 * Revokes a key of the organization; from then on it answers 401 (the resolver checks
 * `revokedAt` on every request). Revoking a revoked key keeps its first revocation time.
 */
export async function revokeApiKey(input: { organizationId: string; apiKeyId: string; audit?: AuditSource }) {
  const where = { id: input.apiKeyId, organizationId: input.organizationId };
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    const apiKey = await tx.apiKey.findFirst({ where, select: API_KEY_SELECT });
    if (!apiKey) throw new AppError('api_key_not_found', 'No API key with this id in your organization');
    // Revoking a revoked key changes nothing, but the request is still on record.
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'api_key.revoked',
        target: { type: 'api_key', id: apiKey.id },
        changes: { name: apiKey.name, prefix: apiKey.prefix, alreadyRevoked: count === 0 },
      });
    }
    return apiKey;
  });
}
