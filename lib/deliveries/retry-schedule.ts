// When the next attempt of a failed delivery happens (docs/delivery-semantics.md#retries). Pure: the caller
// passes the scale and the random source, so tests need no clock or sleeps.

export type RetryPolicyName = 'fixed' | 'exponential';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Site Stacker: "retried 10 times at 1 minute intervals".
const FIXED_DELAYS = Array.from({ length: 10 }, () => MINUTE);
// Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
const EXPONENTIAL_DELAYS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export function retryDelays(policy: RetryPolicyName): readonly number[] {
  return policy === 'fixed' ? FIXED_DELAYS : EXPONENTIAL_DELAYS;
}

/** Attempts in all, the first included. */
export function maxAttempts(policy: RetryPolicyName): number {
  return retryDelays(policy).length + 1;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * After attempt number `attempt` (1-based) failed: retry, and after how long.
 * `Retry-After` (429/503) is honoured within 1×–2× the scheduled delay, and never
 * below 60 s, both scaled like every other delay.
 */
export function decideRetry(input: {
  policy: RetryPolicyName;
  attempt: number;
  scale: number;
  retryAfterSeconds?: number | null;
  random?: () => number;
}): RetryDecision {
  const delays = retryDelays(input.policy);
  if (input.attempt < 1 || input.attempt > delays.length) return { retry: false };
  let delay = delays[input.attempt - 1];
  if (input.policy === 'exponential') {
    const random = input.random ?? Math.random;
    delay = delay * (0.8 + 0.4 * random());
  }
  if (input.retryAfterSeconds !== null && input.retryAfterSeconds !== undefined && Number.isFinite(input.retryAfterSeconds)) {
    const requested = Math.max(0, input.retryAfterSeconds) * SECOND;
    delay = Math.max(Math.min(Math.max(requested, delay), 2 * delay), MINUTE);
  }
  return { retry: true, delayMs: Math.max(0, Math.round(delay * input.scale)) };
}

/** Parses Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.round((date - now) / SECOND));
}
