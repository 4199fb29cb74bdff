import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Wakeup } from './wakeup';

// The fetch loop's sleeps: a NOTIFY or a freed slot ends them early; a freed slot while
// the loop is busy must not be lost (its next sleep returns at once), a plain wake is.
// The clock is fake: a sleep can only end early by being woken, never by time passing.

/** Whether `promise` has settled once pending callbacks (not timers) have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
  return done;
}

describe('the fetch loop wake-up', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a sleep early on wake, and counts NOTIFYs of new jobs', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(5_000);
    expect(await settled(sleeping)).toBe(false);
    wakeup.newJobs();
    expect(await settled(sleeping)).toBe(true);
    expect(wakeup.notifications).toBe(1);
  });

  it('sleeps its full time when nobody wakes it', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(await settled(sleeping)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(sleeping)).toBe(true);
  });

  it('drops a plain wake given while nobody sleeps', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    const sleeping = wakeup.sleep(5_000);
    expect(await settled(sleeping)).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await settled(sleeping)).toBe(true);
  });

  it('keeps a requested wake for the next sleep when nobody sleeps, once', async () => {
    const wakeup = new Wakeup();
    wakeup.request();
    expect(await settled(wakeup.sleep(5_000))).toBe(true);
    // Used up: the sleep after it waits again.
    expect(await settled(wakeup.sleep(5_000))).toBe(false);
  });
});
