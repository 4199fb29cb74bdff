import 'server-only';
import type { AuditSource } from '../audit/record-audit';
import { recordUserAudit } from '../audit/record-user-audit';
import { withTransaction } from '../db-transaction';
import { db } from '../db';
import { AppError } from '../errors';
import { consumeRateLimit, LIMITS, resetRateLimit } from '../http/rate-limit';
import { revokeOtherConsoleSessions } from './console-sessions';
import { hashPassword, verifyPassword } from './password';

/**
 * The account page's password change: the current password is required (a session left
 * open on a shared computer cannot take the account over), and every other session of the
 * user ends; the one that made the change stays signed in. Wrong current passwords count
 * against the user like failed sign-ins.
 */
export async function changePassword(input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; audit?: AuditSource }): Promise<{ revokedSessions: number }> {
  await consumeRateLimit(LIMITS.passwordChange, input.userId, 'Too many password attempts');
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('validation_failed', 'The current password is not right', { issues: [{ path: 'currentPassword', message: 'The current password is not right' }] });
  }
  await resetRateLimit(LIMITS.passwordChange, input.userId);
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(async (client) => {
    await client.query(`update "User" set "passwordHash" = $2, "updatedAt" = (now() at time zone 'utc') where id = $1`, [input.userId, passwordHash]);
    // Never the password: only that it changed.
    if (input.audit) await recordUserAudit(client, input.userId, { source: input.audit, action: 'user.password_changed', target: { type: 'user', id: input.userId } });
  });
  const { revoked } = await revokeOtherConsoleSessions({ userId: input.userId, keepSessionId: input.sessionId });
  return { revokedSessions: revoked };
}
