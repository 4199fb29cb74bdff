import { z } from 'zod';

// Schemas of the organization settings, shared by the API routes and the console.

export const ZSetAccountId = z.strictObject({
  accountId: z
    .number({ error: 'accountId is the platform’s numeric account id' })
    .int('accountId is a whole number')
    .min(1, 'accountId is at least 1')
    .max(2_147_483_647, 'accountId is at most 2147483647'),
});

export type SetAccountIdInput = z.input<typeof ZSetAccountId>;
