import 'server-only';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { pool } from '../db';
import { AppError } from '../errors';

// Counters live in PostgreSQL (table rate_limits, created by a migration), so every web
// process shares them. A limiter failing (database trouble) lets the request through:
// the database being down fails the request anyway, and limits must not cause outages.

type Limiter = { points: number; duration: number; keyPrefix: string };

export const LIMITS = {
  // Per API key; its points are the key's own limit, or TIDINGS_API_KEY_RATE_LIMIT (consumeApiKeyRequest).
  apiKey: { keyPrefix: 'api', points: 1_200, duration: 60 },
  // Failed sign-ins per (email, address): a stranger's wrong passwords for an email use up
  // their own address's budget for it, never the owner's (issue 12 item 4).
  signInEmailAddress: { keyPrefix: 'signin_email_ip', points: 10, duration: 15 * 60 },
  signInAddress: { keyPrefix: 'signin_ip', points: 50, duration: 15 * 60 },
  // Replay and resend re-send stored data in bulk: a low budget per organization, shared by
  // both and by every key and console user of it, so one tenant cannot flood the queue.
  replayPerOrganization: { keyPrefix: 'replay_org', points: 10, duration: 60 },
  // Invitation links looked up or accepted, per address: a token cannot be guessed (256 bits),
  // and an existing user's password cannot be tried through a link faster than by signing in.
  invitationAddress: { keyPrefix: 'invite_ip', points: 30, duration: 15 * 60 },
  // Wrong current passwords on the account page, per user.
  passwordChange: { keyPrefix: 'password_user', points: 10, duration: 15 * 60 },
  // Consumer portal: requests per link (a page polls every 1.5 s while something is in
  // flight: 40 a minute), and per client address whatever token it sends, so nobody can
  // try tokens in bulk.
  portalLink: { keyPrefix: 'portal_link', points: 240, duration: 60 },
  portalAddress: { keyPrefix: 'portal_ip', points: 600, duration: 60 },
} satisfies Record<string, Limiter>;

const limiters = new Map<string, RateLimiterPostgres>();

function limiterFor(limit: Limiter): RateLimiterPostgres {
  // One limiter per budget: keys of one prefix with different limits share the counters' table and rows.
  const name = `${limit.keyPrefix}:${limit.points}:${limit.duration}`;
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool(),
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: false,
      ...limit,
    });
    limiters.set(name, limiter);
  }
  return limiter;
}

/** Spends one point; throws 429 with Retry-After when the key has none left. */
export async function consumeRateLimit(limit: Limiter, key: string, message = 'Too many requests'): Promise<void> {
  try {
    await limiterFor(limit).consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('rate_limited', `${message}; try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
    }
  }
}

/** What a client is told with every answer (IETF RateLimit header fields): the budget, what is left, seconds to the window's end. */
export type RateLimitState = { limit: number; remaining: number; resetSeconds: number };

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return { 'RateLimit-Limit': String(state.limit), 'RateLimit-Remaining': String(state.remaining), 'RateLimit-Reset': String(state.resetSeconds) };
}

/**
 * Spends one request of an API key's budget (`perMinute` a minute) and returns what is left;
 * a spent budget is a 429 with Retry-After and the same RateLimit headers. A limiter failing
 * lets the request through, without headers.
 */
export async function consumeApiKeyRequest(apiKeyId: string, perMinute: number): Promise<RateLimitState | null> {
  const limit = { ...LIMITS.apiKey, points: perMinute };
  try {
    const result = await limiterFor(limit).consume(apiKeyId);
    return { limit: perMinute, remaining: result.remainingPoints, resetSeconds: Math.max(0, Math.ceil(result.msBeforeNext / 1000)) };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('rate_limited', `This API key sent more than its ${perMinute.toLocaleString('en-US')} requests a minute; try again in ${seconds} s`, {
        headers: { 'Retry-After': String(seconds), ...rateLimitHeaders({ limit: perMinute, remaining: 0, resetSeconds: seconds }) },
      });
    }
    return null;
  }
}

export async function resetRateLimit(limit: Limiter, key: string): Promise<void> {
  await limiterFor(limit).delete(key).catch(() => undefined);
}

/** Gives back a point: a successful sign-in should not count against its address. */
export async function refundRateLimit(limit: Limiter, key: string): Promise<void> {
  await limiterFor(limit).reward(key, 1).catch(() => undefined);
}
