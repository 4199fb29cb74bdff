import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '../db';
import { env } from '../env';
import { addressRateLimitKey } from '../http/client-address';
import { consumeRateLimit, LIMITS, refundRateLimit, resetRateLimit } from '../http/rate-limit';
import { hashPassword, verifyPassword } from './password';

export const ZSignIn = z.object({
  email: z.email('Enter a valid email address').transform((email) => email.trim().toLowerCase()),
  password: z.string().min(1, 'Enter your password').max(200),
});

// Compared against when the email is unknown, so a wrong email takes as long as a
// wrong password and reveals nothing.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomUUID());
  return dummyHash;
}

export const SIGN_IN_RATE_LIMITED = 'rate_limited';

/**
 * The client's address, for rate limiting. scripts/web-server.ts (`npm start`, `npm run web`)
 * replaces x-forwarded-for with the one address it trusts (lib/http/client-address.ts). Under
 * a bare `next start` the header is whatever the client sent, when it sent one.
 */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : '';
  return first ? addressRateLimitKey(first) : 'unknown';
}

export async function authenticateWithPassword(credentials: unknown, headers?: Record<string, unknown>) {
  const parsed = ZSignIn.safeParse(credentials);
  if (!parsed.success) return null;
  try {
    await consumeRateLimit(LIMITS.signInAddress, clientAddress(headers));
    await consumeRateLimit(LIMITS.signInEmail, parsed.data.email);
  } catch {
    // next-auth reports a thrown error's message to the sign-in form.
    throw new Error(SIGN_IN_RATE_LIMITED);
  }
  const user = await db.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true, disabledAt: true },
  });
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !valid || user.disabledAt) return null;
  await resetRateLimit(LIMITS.signInEmail, parsed.data.email);
  await refundRateLimit(LIMITS.signInAddress, clientAddress(headers));
  return { id: user.id, email: user.email, name: user.name ?? user.email, sessionVersion: user.sessionVersion };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, request) => authenticateWithPassword(credentials, request?.headers as Record<string, unknown> | undefined),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'sessionVersion' in user) {
          token.uid = user.id;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv };
      },
    },
  };
}
