import { z } from 'zod';

// One schema for setting the NationBuilder shared token, shared by
// `PUT /api/v1/organization/shared-token` and the console's Settings page.

export const ZSetSharedToken = z.strictObject({
  token: z
    .string({ error: 'token is the shared secret, 16 to 200 characters' })
    .trim()
    .min(16, 'Use at least 16 characters: the token is all a receiver checks')
    .max(200, 'The token is limited to 200 characters')
    // It travels in JSON and is pasted into receivers' configuration: printable ASCII.
    .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII characters without spaces'),
});

export type SetSharedTokenInput = z.input<typeof ZSetSharedToken>;
