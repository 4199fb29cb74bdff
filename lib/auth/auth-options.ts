import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { recordUserAudit } from '../audit/record-user-audit';
import { db } from '../db';
import { withTransaction } from '../db-transaction';
import { env } from '../env';
import { logger } from '../log';
import { addressRateLimitKey, readStampedClientAddress } from '../http/client-address';
import { consumeRateLimit, LIMITS, refundRateLimit, resetRateLimit } from '../http/rate-limit';
import { revokeConsoleSession, SESSION_MAX_AGE_SECONDS, startConsoleSession } from './console-sessions';
import { hashPassword, verifyPassword } from './password';
import { safeCallbackPath } from './safe-callback-url';

export const ZSignIn = z.object({
  email: z.email('Enter a valid email address').transform((email) => email.trim().toLowerCase()),
  // Longer than bcrypt reads (72 bytes) never matches: lib/auth/password.ts.
  password: z.string().min(1, 'Enter your password').max(200),
});

// Compared against when the email is unknown, so a wrong email takes as long as a
// wrong password and reveals nothing.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomUUID());
  return dummyHash;
}

/** Error codes next-auth hands to the sign-in form (it reports a thrown error's message). */
export const SIGN_IN_RATE_LIMITED = 'rate_limited';
export const SIGN_IN_NEEDS_WEB_SERVER = 'web_server_required';

type Headers = Record<string, unknown> | undefined;

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

let warnedUnstamped = false;

/**
 * The rate-limit key of the client's address, as our web server (scripts/web-server.ts)
 * decided and signed it. Undefined when the request did not come through that server (a
 * bare `next start` believes any X-Forwarded-For): then there is no address to count by.
 * Under `next dev` everything unsigned shares one budget instead, so development works.
 */
function signInAddressKey(headers: Headers): string | undefined {
  const configuration = env();
  const address = readStampedClientAddress((name) => headerValue(headers, name), configuration.NEXTAUTH_SECRET);
  if (address) return addressRateLimitKey(address);
  if (configuration.NODE_ENV === 'development') return 'unverified';
  if (!warnedUnstamped) {
    warnedUnstamped = true;
    logger().warn('sign-in refused: requests are not coming through the Tidings web server; start it with `npm run web` (or `npm start`), not `next start`');
  }
  return undefined;
}

/**
 * Failures count per (email, address) and per address, never per email alone: a stranger's
 * flood of wrong passwords for an email spends their own budgets and leaves the owner,
 * signing in from another address, untouched.
 */
export async function authenticateWithPassword(credentials: unknown, headers?: Headers) {
  const parsed = ZSignIn.safeParse(credentials);
  if (!parsed.success) return null;
  const address = signInAddressKey(headers);
  if (!address) throw new Error(SIGN_IN_NEEDS_WEB_SERVER);
  const clientAddress = readStampedClientAddress((name) => headerValue(headers, name), env().NEXTAUTH_SECRET) ?? null;
  const emailAtAddress = `${parsed.data.email} ${address}`;
  try {
    await consumeRateLimit(LIMITS.signInAddress, address);
    await consumeRateLimit(LIMITS.signInEmailAddress, emailAtAddress);
  } catch {
    throw new Error(SIGN_IN_RATE_LIMITED);
  }
  const user = await db.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true, disabledAt: true },
  });
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !valid || user.disabledAt) {
    // Each failure is on record (the rate limits above bound how many one address can add).
    await withTransaction((client) =>
      recordUserAudit(client, user?.id ?? null, {
        source: { actor: user ? { type: 'user', id: user.id, label: user.email } : { type: 'user', id: '', label: parsed.data.email }, address: clientAddress },
        action: 'user.sign_in_failed',
        target: { type: 'user', id: user?.id ?? null },
        changes: { reason: !user ? 'unknown email' : user.disabledAt ? 'user disabled' : 'wrong password' },
      }),
    );
    return null;
  }
  await resetRateLimit(LIMITS.signInEmailAddress, emailAtAddress);
  await refundRateLimit(LIMITS.signInAddress, address);
  return { id: user.id, email: user.email, name: user.name ?? user.email, sessionVersion: user.sessionVersion, address: clientAddress };
}

export function authOptions(): NextAuthOptions {
  const configuration = env();
  return {
    secret: configuration.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, request) => authenticateWithPassword(credentials, request?.headers as Headers),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && 'sessionVersion' in user) {
          token.uid = user.id;
          token.sv = user.sessionVersion;
          // Each sign-in is a row the server can end (lib/auth/console-sessions.ts).
          const address = 'address' in user && typeof user.address === 'string' ? user.address : null;
          token.sid = await startConsoleSession({ userId: user.id, audit: { actor: { type: 'user', id: user.id, label: user.email ?? '' }, address } });
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, sid: token.sid };
      },
      // Every redirect next-auth makes (after sign-in, sign-out, errors) stays on this origin.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await revokeConsoleSession({ sessionId: token.sid });
      },
    },
  };
}
