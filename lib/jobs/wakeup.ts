/**
 * The fetch loop's alarm clock: it sleeps between fetches, and NOTIFYs of new jobs, freed
 * slots and stop() wake it early.
 */
export class Wakeup {
  /** NOTIFYs of new jobs received so far (a LISTEN taken up again counts as one). */
  notifications = 0;
  private wakeSleeper: (() => void) | null = null;
  private pending = false;

  /** Resolves after `ms`, or at once when woken (or when a wake was requested meanwhile). */
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeSleeper = null;
        resolve();
      }, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        this.wakeSleeper = null;
        resolve();
      };
    });
  }

  /** Wakes the loop if it sleeps; nothing when it is busy (it looks again before sleeping). */
  wake(): void {
    this.wakeSleeper?.();
  }

  /** Wakes the loop, or makes its next sleep return at once when it is busy fetching. */
  request(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.pending = true;
  }

  /** A NOTIFY of new jobs: any fetch from now on may find them. */
  newJobs(): void {
    this.notifications += 1;
    this.wake();
  }
}
