import { z } from 'zod';

/** POST /events/expunge: the events named, or every event whose data mentions a person's email. */
export const ZExpungeEvents = z
  .strictObject({
    eventIds: z.array(z.string().min(1).max(100)).min(1, 'Name at least one event').max(1000, 'At most 1,000 events at once').optional(),
    email: z
      .email('Enter a valid email address')
      .max(320)
      .transform((email) => email.trim().toLowerCase())
      .optional(),
  })
  .superRefine((value, context) => {
    if ((value.eventIds === undefined) === (value.email === undefined)) {
      context.addIssue({ code: 'custom', path: ['eventIds'], message: 'Send either eventIds or email (one of the two)' });
    }
  });

export type ExpungeEventsInput = z.output<typeof ZExpungeEvents>;
