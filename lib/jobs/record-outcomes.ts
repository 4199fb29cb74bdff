import 'server-only';
import type { AttemptResult } from '../deliveries/attempt-delivery';
import { recordAttempts, type DeferredJob, type DisabledWebhook, type FailingWebhook, type ParkedJob, type SkippedJob } from '../deliveries/record-attempts';
import { logger } from '../log';
import type { ActiveJobs } from './active-jobs';

/** What the attempt stage hands to the record stage: one per job. */
export type Outcome =
  | { kind: 'attempt'; result: AttemptResult }
  | { kind: 'skip'; skip: SkippedJob }
  | { kind: 'defer'; defer: DeferredJob }
  | { kind: 'park'; park: ParkedJob };

function jobIdOf(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'attempt':
      return outcome.result.jobId;
    case 'skip':
      return outcome.skip.jobId;
    case 'defer':
      return outcome.defer.jobId;
    case 'park':
      return outcome.park.jobId;
  }
}

const FLUSH_BATCH = 250;
const FLUSH_DELAY_MS = 2;

type RecorderDependencies = {
  activeJobs: ActiveJobs;
  stopped: AbortSignal;
  onWebhookDisabled?: (webhook: DisabledWebhook) => Promise<void>;
  onWebhookFailing?: (webhook: FailingWebhook) => Promise<void>;
};

/**
 * The record stage: outcomes arrive one at a time and are written in batches, one
 * transaction per batch (recordAttempts): FLUSH_BATCH outcomes, or whatever came within
 * FLUSH_DELAY_MS. One write at a time, so the next batch grows meanwhile. The batch being
 * gathered belongs to this stage alone; the attempt stage only hands outcomes in.
 */
export class OutcomeRecorder {
  private gathering: Outcome[] = [];
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dependencies: RecorderDependencies) {}

  record(outcome: Outcome): void {
    this.gathering.push(outcome);
    if (this.gathering.length >= FLUSH_BATCH) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, FLUSH_DELAY_MS);
    }
  }

  /** Writes the outcomes gathered so far (after the write under way, if any). */
  async flush(): Promise<void> {
    if (this.writing) {
      await this.writing;
      if (this.gathering.length === 0) return;
    }
    if (this.gathering.length === 0) return;
    const batch = this.gathering;
    this.gathering = [];
    this.writing = this.write(batch);
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
    if (this.gathering.length >= FLUSH_BATCH) await this.flush();
  }

  private async write(outcomes: Outcome[]): Promise<void> {
    const { activeJobs, stopped, onWebhookDisabled, onWebhookFailing } = this.dependencies;
    const results = outcomes.flatMap((outcome) => (outcome.kind === 'attempt' ? [outcome.result] : []));
    const skipped = outcomes.flatMap((outcome) => (outcome.kind === 'skip' ? [outcome.skip] : []));
    const deferred = outcomes.flatMap((outcome) => (outcome.kind === 'defer' ? [outcome.defer] : []));
    const parked = outcomes.flatMap((outcome) => (outcome.kind === 'park' ? [outcome.park] : []));
    for (let tries = 0; ; tries += 1) {
      try {
        const { disabled, failing } = await recordAttempts({ results, skipped, deferred, parked });
        for (const webhook of disabled) await onWebhookDisabled?.(webhook);
        for (const webhook of failing) await onWebhookFailing?.(webhook);
        break;
      } catch (error) {
        logger().error({ err: error, tries }, 'recording delivery attempts failed; retrying');
        if (tries >= 30 || stopped.aborted) {
          // Jobs stay active without heartbeat and are retried by pg-boss: at-least-once.
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** tries)));
      }
    }
    for (const outcome of outcomes) activeJobs.delete(jobIdOf(outcome));
  }
}
