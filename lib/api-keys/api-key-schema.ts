import { z } from 'zod';
import { ALL_SCOPES } from '../auth/scopes';

// One schema for creating a key, shared by `POST /api/v1/api-keys` and the console's form.

export const ZApiKeyScope = z.enum(ALL_SCOPES, { error: (issue) => `"${String(issue.input)}" is not a scope` });

/** Most requests a minute a key may be given: 2,000 a second (the bench's single-event ceiling is below it). */
export const MAX_API_KEY_RATE_LIMIT = 120_000;

/** A key's own limit, or null for the instance's default (TIDINGS_API_KEY_RATE_LIMIT). */
export const ZApiKeyRateLimit = z
  .number({ error: 'Enter a whole number of requests a minute, or null for the default' })
  .int('Enter a whole number of requests a minute')
  .min(1, 'At least 1 request a minute')
  .max(MAX_API_KEY_RATE_LIMIT, `At most ${MAX_API_KEY_RATE_LIMIT.toLocaleString('en-US')} requests a minute`)
  .nullable();

export const ZCreateApiKey = z.strictObject({
  name: z
    .string({ error: 'Enter a name, such as the system that will use the key' })
    .trim()
    .min(1, 'Enter a name, such as the system that will use the key')
    .max(100, 'Names are limited to 100 characters'),
  scopes: z
    .array(ZApiKeyScope, { error: 'Choose at least one scope' })
    .min(1, 'Choose at least one scope')
    .max(ALL_SCOPES.length * 2, 'Too many scopes')
    // Stored in catalog order and once each, so two keys with the same rights read the same.
    .transform((scopes) => ALL_SCOPES.filter((scope) => scopes.includes(scope))),
  rateLimitPerMinute: ZApiKeyRateLimit.optional(),
});

export const ZUpdateApiKey = z.strictObject({ rateLimitPerMinute: ZApiKeyRateLimit });

export type UpdateApiKeyInput = z.input<typeof ZUpdateApiKey>;

export type CreateApiKeyInput = z.input<typeof ZCreateApiKey>;
export type CreateApiKeyData = z.output<typeof ZCreateApiKey>;
