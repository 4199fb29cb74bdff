import { z } from 'zod';

// Shared by the API routes and the console's "New inbox" form.
export const ZCreateInbox = z.strictObject({
  name: z
    .string({ error: 'Give the inbox a name' })
    .trim()
    .min(1, 'Give the inbox a name')
    .max(100, 'Use at most 100 characters'),
});

export type CreateInboxInput = z.input<typeof ZCreateInbox>;

export const ZListInboxRequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export type ListInboxRequestsQuery = z.output<typeof ZListInboxRequestsQuery>;
