import type { JWT } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { authOptions } from '../lib/auth/auth-options';
import { findLiveSessionUser, revokeAllConsoleSessions, SESSION_MAX_AGE_SECONDS, startConsoleSession } from '../lib/auth/console-sessions';
import { createUser } from '../lib/auth/create-user';
import { db } from '../lib/db';
import { createOrganization } from './support/fixtures';

// Issue 12 item 12: a session ends on the server when its user signs out (a copied cookie,
// the same JWT, stops working), and "sign out everywhere" ends all of the user's sessions.
// The browser-level proof is e2e/faults/sessions.spec.ts; here the pieces next-auth calls.

async function newUser(email: string) {
  const organization = await createOrganization();
  return createUser({ organizationId: organization.id, email, password: 'session-password', role: 'admin' });
}

/** What next-auth does at sign-in: the jwt callback with the authorized user. */
async function signInToken(user: { id: string; email: string }): Promise<JWT> {
  const callbacks = authOptions().callbacks!;
  return (await callbacks.jwt!({ token: { email: user.email }, user: { id: user.id, email: user.email, sessionVersion: 1 }, account: null, trigger: 'signIn' })) as JWT;
}

describe('console sessions', () => {
  it('each sign-in is a row of its own; signing out (next-auth’s signOut event) ends that one only', async () => {
    const user = await newUser('sessions-one@example.com');
    const first = await signInToken(user);
    const second = await signInToken(user);
    expect(first.sid).toMatch(/^ses_/);
    expect(second.sid).not.toBe(first.sid);
    expect(await findLiveSessionUser(first)).toMatchObject({ id: user.id });

    await authOptions().events!.signOut!({ token: first, session: undefined as never });
    // The very same token (a copied cookie) no longer works; the other session does.
    expect(await findLiveSessionUser(first)).toBeNull();
    expect(await findLiveSessionUser(second)).toMatchObject({ id: user.id });
  });

  it('sign out everywhere ends every session of the user and no one else’s', async () => {
    const user = await newUser('sessions-all@example.com');
    const other = await newUser('sessions-other@example.com');
    const tokens = [await signInToken(user), await signInToken(user)];
    const othersToken = await signInToken(other);
    expect(await revokeAllConsoleSessions({ userId: user.id })).toEqual({ revoked: 2 });
    for (const token of tokens) expect(await findLiveSessionUser(token)).toBeNull();
    expect(await findLiveSessionUser(othersToken)).toMatchObject({ id: other.id });
    // A new sign-in afterwards works (it carries the new session version).
    const fresh = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    const sid = await startConsoleSession({ userId: user.id });
    expect(await findLiveSessionUser({ sid, uid: user.id, sv: fresh.sessionVersion })).toMatchObject({ id: user.id });
  });

  it('refuses a token without a session id, one naming another user’s session, an expired session and a disabled user', async () => {
    const user = await newUser('sessions-edge@example.com');
    const other = await newUser('sessions-edge-other@example.com');
    const token = await signInToken(user);
    expect(await findLiveSessionUser({ uid: user.id, sv: 1 })).toBeNull();
    expect(await findLiveSessionUser({ ...token, uid: other.id })).toBeNull();
    expect(await findLiveSessionUser({ ...token, sid: 'ses_nosuchsession' })).toBeNull();

    const old = await startConsoleSession({ userId: user.id, now: new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 60) * 1000) });
    expect(await findLiveSessionUser({ sid: old, uid: user.id, sv: 1 })).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await findLiveSessionUser(token)).toBeNull();
  });
});
