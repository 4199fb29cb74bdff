import { z } from 'zod';

// Shared by the replay route and the console's "Replay failed" form, so it stays free of
// server-only imports.

const timestamp = z.union(
  [
    z.number().int().positive().transform((seconds) => new Date(seconds * 1000)),
    z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
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
