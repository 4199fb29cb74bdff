import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { API_KEY_SELECT } from './create-api-key';

/**
 * Revokes a key of the organization; from then on it answers 401 (the resolver checks
 * `revokedAt` on every request). Revoking a revoked key keeps its first revocation time.
 */
export async function revokeApiKey(input: { organizationId: string; apiKeyId: string }) {
  const where = { id: input.apiKeyId, organizationId: input.organizationId };
  await db.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
  const apiKey = await db.apiKey.findFirst({ where, select: API_KEY_SELECT });
  if (!apiKey) throw new AppError('api_key_not_found', 'No API key with this id in your organization');
  return apiKey;
}
