import { z } from 'zod';
import { ALL_SCOPES } from '../auth/scopes';

// One schema for creating a key, shared by `POST /api/v1/api-keys` and the console's form.

export const ZApiKeyScope = z.enum(ALL_SCOPES, { error: (issue) => `"${String(issue.input)}" is not a scope` });

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
});

export type CreateApiKeyInput = z.input<typeof ZCreateApiKey>;
export type CreateApiKeyData = z.output<typeof ZCreateApiKey>;
