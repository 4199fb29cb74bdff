import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';
import { API_KEY_SELECT } from './create-api-key';

/**
 * Sets a key's request budget (null: back to TIDINGS_API_KEY_RATE_LIMIT). A host platform
 * that pushes every donation through one key gets the budget its traffic needs; the next
 * request of the key is counted against the new limit.
 */
export async function updateApiKey(input: { organizationId: string; apiKeyId: string; rateLimitPerMinute: number | null; audit?: AuditSource }) {
  return db.$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where: { id: input.apiKeyId, organizationId: input.organizationId }, select: API_KEY_SELECT });
    if (!before) throw new AppError('api_key_not_found', 'No API key with this id in your organization');
    const apiKey = await tx.apiKey.update({ where: { id: before.id }, data: { rateLimitPerMinute: input.rateLimitPerMinute }, select: API_KEY_SELECT });
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'api_key.updated',
        target: { type: 'api_key', id: apiKey.id },
        changes: { rateLimitPerMinute: { before: before.rateLimitPerMinute, after: apiKey.rateLimitPerMinute } },
      });
    }
    return apiKey;
  });
}
