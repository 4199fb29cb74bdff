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

/** Why replaying SUCCEEDED deliveries needs `includeSucceeded: true` (the API reference and the console say it too). */
export const INCLUDE_SUCCEEDED_REASON =
  'Replaying SUCCEEDED deliveries sends data its receiver already got again, to the URL the webhook has now, which may not be the one that received it';

export const ZReplayDeliveries = z
  .strictObject({
    since: timestamp,
    until: timestamp.optional(),
    status: z.enum(REPLAY_STATUSES, { error: `status is one of ${REPLAY_STATUSES.join(', ')}` }).default('FAILED'),
    includeSucceeded: z
      .boolean({ error: 'includeSucceeded is true or false' })
      .optional()
      .describe(`Must be true with status SUCCEEDED. ${INCLUDE_SUCCEEDED_REASON}.`),
  })
  .refine((value) => !value.until || value.until > value.since, { path: ['until'], message: 'The end must be after the start' })
  .superRefine((value, context) => {
    if (value.status === 'SUCCEEDED' && value.includeSucceeded !== true) {
      context.addIssue({
        code: 'custom',
        path: ['includeSucceeded'],
        message: `Send "includeSucceeded": true to replay SUCCEEDED deliveries. ${INCLUDE_SUCCEEDED_REASON}.`,
      });
    }
    if (value.status !== 'SUCCEEDED' && value.includeSucceeded === true) {
      context.addIssue({ code: 'custom', path: ['includeSucceeded'], message: 'includeSucceeded confirms status SUCCEEDED; set status to SUCCEEDED or leave it out' });
    }
  });

export type ReplayDeliveriesInput = z.input<typeof ZReplayDeliveries>;
