import 'server-only';
import { db } from '../db';
import { createId } from '../ids';

// Console sign-ins as rows (table Session). The session cookie is a JWT that names its row;
// a cookie is honoured only while the row is live, so signing out ends the session on the
// server: a copy of the cookie made before stops working too. Sessions last at most
// SESSION_MAX_AGE_SECONDS from sign-in.

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** Records a new sign-in and returns its id; drops the user's sessions that ended long ago. */
export async function startConsoleSession({ userId, now = new Date() }: { userId: string; now?: Date }): Promise<string> {
  const id = createId('ses');
  await db.$transaction([
    // Housekeeping per user, so the table holds live sessions and a day of history at most.
    db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } } }),
    db.session.create({ data: { id, userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) } }),
    // The Team page shows when each member last signed in.
    db.user.update({ where: { id: userId }, data: { lastSignInAt: now } }),
  ]);
  return id;
}

/** Signing out: this one session stops working, wherever its cookie is. */
export async function revokeConsoleSession({ sessionId }: { sessionId: string }): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** "Sign out everywhere": every session of the user ends, including ones no row names. */
export async function revokeAllConsoleSessions({ userId }: { userId: string }): Promise<{ revoked: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    // The version bump also ends sessions issued before sessions had rows.
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    return { revoked: count };
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
