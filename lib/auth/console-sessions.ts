import 'server-only';
import type { AuditSource } from '../audit/record-audit';
import { recordUserAudit } from '../audit/record-user-audit';
import { db } from '../db';
import { withTransaction } from '../db-transaction';
import { AppError } from '../errors';
import { createId } from '../ids';

// Console sign-ins as rows (table Session). The session cookie is a JWT that names its row;
// a cookie is honoured only while the row is live, so signing out ends the session on the
// server: a copy of the cookie made before stops working too. Sessions last at most
// SESSION_MAX_AGE_SECONDS from sign-in.

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** Records a new sign-in and returns its id; drops the user's sessions that ended long ago. */
export async function startConsoleSession({ userId, now = new Date(), audit }: { userId: string; now?: Date; audit?: AuditSource }): Promise<string> {
  const id = createId('ses');
  await withTransaction(async (client) => {
    // Housekeeping per user, so the table holds live sessions and a day of history at most.
    await client.query(`delete from "Session" where "userId" = $1 and "expiresAt" < $2`, [userId, new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()]);
    await client.query(`insert into "Session" (id, "userId", "createdAt", "expiresAt") values ($1, $2, $3, $4)`, [
      id,
      userId,
      now.toISOString(),
      new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString(),
    ]);
    // The Team page shows when each member last signed in.
    await client.query(`update "User" set "lastSignInAt" = $2 where id = $1`, [userId, now.toISOString()]);
    // The sign-in and its session commit together (docs/security-model.md#audit-log).
    if (audit) await recordUserAudit(client, userId, { source: audit, action: 'user.signed_in', target: { type: 'user', id: userId } });
  });
  return id;
}

/** Signing out: this one session stops working, wherever its cookie is. */
export async function revokeConsoleSession({ sessionId }: { sessionId: string }): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** "Sign out everywhere": every session of the user ends, including ones no row names. */
export async function revokeAllConsoleSessions({ userId, audit }: { userId: string; audit?: AuditSource }): Promise<{ revoked: number }> {
  return withTransaction(async (client) => {
    const { rowCount } = await client.query(`update "Session" set "revokedAt" = (now() at time zone 'utc') where "userId" = $1 and "revokedAt" is null`, [userId]);
    // The version bump also ends sessions issued before sessions had rows.
    const bumped = await client.query(`update "User" set "sessionVersion" = "sessionVersion" + 1, "updatedAt" = (now() at time zone 'utc') where id = $1`, [userId]);
    if (bumped.rowCount === 0) throw new AppError('not_found', 'No such user');
    if (audit) await recordUserAudit(client, userId, { source: audit, action: 'user.sessions_revoked', target: { type: 'user', id: userId }, changes: { revokedSessions: rowCount ?? 0 } });
    return { revoked: rowCount ?? 0 };
  });
}

/** Every session of the user but `keepSessionId` ends (a password change keeps the browser that made it). */
export async function revokeOtherConsoleSessions({ userId, keepSessionId }: { userId: string; keepSessionId: string }): Promise<{ revoked: number }> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: new Date() } });
  return { revoked: count };
}

export type SessionClaims = { sid?: unknown; uid?: unknown; sv?: unknown };

/**
 * The user of a live session, or null: the row exists, is neither revoked nor expired, and
 * belongs to the token's user, who is enabled and has not been signed out everywhere since.
 */
export async function findLiveSessionUser(claims: SessionClaims): Promise<{ id: string; email: string; sessionId: string } | null> {
  if (typeof claims.sid !== 'string' || typeof claims.uid !== 'string' || typeof claims.sv !== 'number') return null;
  const session = await db.session.findUnique({
    where: { id: claims.sid },
    select: { userId: true, revokedAt: true, expiresAt: true, user: { select: { id: true, email: true, sessionVersion: true, disabledAt: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.userId !== claims.uid) return null;
  if (session.user.disabledAt || session.user.sessionVersion !== claims.sv) return null;
  return { id: session.user.id, email: session.user.email, sessionId: claims.sid };
}
