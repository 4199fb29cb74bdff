import { z } from 'zod';

// Shared by the replay route and the console's "Replay failed" form, so it stays free of
// server-only imports.

/** 9999-12-31T23:59:59Z: the last second both a JS Date and PostgreSQL hold without surprises. */
export const LATEST_TIME_SECONDS = 253_402_300_799;

/** A time of the API's range, 1970 to 9999: anything else names no delivery and must not reach the database. */
export function isTimeInRange(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= 0 && time <= LATEST_TIME_SECONDS * 1000;
}

const OUT_OF_RANGE = 'Give a time between 1970 and 9999';

const timestamp = z.union(
  [
    z.number().int().positive().max(LATEST_TIME_SECONDS, OUT_OF_RANGE).transform((seconds) => new Date(seconds * 1000)),
    z.iso.datetime({ offset: true }).transform((value) => new Date(value)).refine(isTimeInRange, OUT_OF_RANGE),
  ],
  {
    error: (issue) =>
      issue.input === undefined
        ? 'Give the start of the time range'
        : 'Give a time as unix seconds or an ISO 8601 date-time with its offset',
  },
);

export const REPLAY_STATUSES = ['FAILED', 'SUCCEEDED', 'RETRYING', 'PENDING'] as const;

export const ZReplayDeliveries = z
  .strictObject({
    since: timestamp,
    until: timestamp.optional(),
    status: z.enum(REPLAY_STATUSES, { error: `status is one of ${REPLAY_STATUSES.join(', ')}` }).default('FAILED'),
  })
  .refine((value) => !value.until || value.until > value.since, { path: ['until'], message: 'The end must be after the start' });

export type ReplayDeliveriesInput = z.input<typeof ZReplayDeliveries>;
