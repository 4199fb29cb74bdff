import { describe, expect, it } from 'vitest';
import { Wakeup } from './wakeup';

// The fetch loop's sleeps: a NOTIFY or a freed slot ends them early; a freed slot while
// the loop is busy must not be lost (its next sleep returns at once), a plain wake is.

describe('the fetch loop wake-up', () => {
  it('ends a sleep early on wake, and counts NOTIFYs of new jobs', async () => {
    const wakeup = new Wakeup();
    const started = performance.now();
    const sleeping = wakeup.sleep(5_000);
    wakeup.newJobs();
    await sleeping;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(wakeup.notifications).toBe(1);
  });

  it('keeps a requested wake for the next sleep when nobody sleeps, but drops a plain one', async () => {
    const wakeup = new Wakeup();
    wakeup.wake();
    const first = wakeup.sleep(50);
    expect(await Promise.race([first.then(() => 'slept'), Promise.resolve('pending')])).toBe('pending');
    await first;
    wakeup.request();
    const started = performance.now();
    await wakeup.sleep(5_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
