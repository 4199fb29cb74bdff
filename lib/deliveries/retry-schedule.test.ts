import { describe, expect, it } from 'vitest';
import { decideRetry, maxAttempts, parseRetryAfter } from './retry-schedule';

describe('retry schedule', () => {
  it('fixed: 10 retries, 60 s apart, then stops', () => {
    expect(maxAttempts('fixed')).toBe(11);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect(decideRetry({ policy: 'fixed', attempt, scale: 1 })).toEqual({ retry: true, delayMs: 60_000 });
    }
    expect(decideRetry({ policy: 'fixed', attempt: 11, scale: 1 })).toEqual({ retry: false });
  });

  it('exponential: the Svix schedule with ±20 % jitter', () => {
    const expected = [5, 300, 1800, 7200, 18000, 36000, 36000].map((seconds) => seconds * 1000);
    expected.forEach((base, index) => {
      const low = decideRetry({ policy: 'exponential', attempt: index + 1, scale: 1, random: () => 0 });
      const high = decideRetry({ policy: 'exponential', attempt: index + 1, scale: 1, random: () => 1 });
      expect(low).toEqual({ retry: true, delayMs: Math.round(base * 0.8) });
      expect(high).toEqual({ retry: true, delayMs: Math.round(base * 1.2) });
    });
    expect(decideRetry({ policy: 'exponential', attempt: 8, scale: 1 })).toEqual({ retry: false });
  });

  it('scales every delay', () => {
    expect(decideRetry({ policy: 'fixed', attempt: 1, scale: 0.01 })).toEqual({ retry: true, delayMs: 600 });
  });

  it('honours Retry-After within 1×–2× the scheduled delay and at least 60 s', () => {
    // 90 s asked, 60 s scheduled: honoured.
    expect(decideRetry({ policy: 'fixed', attempt: 1, scale: 1, retryAfterSeconds: 90 })).toEqual({ retry: true, delayMs: 90_000 });
    // An hour asked: clamped to twice the schedule.
    expect(decideRetry({ policy: 'fixed', attempt: 1, scale: 1, retryAfterSeconds: 3600 })).toEqual({ retry: true, delayMs: 120_000 });
    // Sooner than scheduled: the schedule wins.
    expect(decideRetry({ policy: 'fixed', attempt: 1, scale: 1, retryAfterSeconds: 1 })).toEqual({ retry: true, delayMs: 60_000 });
    // The 5 s first exponential retry is raised to 60 s when the receiver asks to slow down.
    expect(decideRetry({ policy: 'exponential', attempt: 1, scale: 1, retryAfterSeconds: 2, random: () => 0.5 })).toEqual({ retry: true, delayMs: 60_000 });
  });

  it('parses Retry-After seconds and dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
