import { z } from 'zod';

// One schema for registering a form, shared by `POST /api/v1/forms` and the console.

export const FORM_STATUSES = ['published', 'draft'] as const;

export const ZUpsertForm = z.strictObject({
  // The host platform's own id: sending it again updates the same form rather than adding one.
  // An empty string (an untouched field in the console) means none.
  externalId: z
    .string({ error: 'The external id is text, such as wc-1001' })
    .trim()
    .max(200, 'External ids are limited to 200 characters')
    .regex(/^[^\p{Cc}]*$/u, 'The external id cannot contain control characters')
    .nullable()
    .optional()
    .transform((value) => (value ? value : undefined)),
  name: z
    .string({ error: 'Enter the name of the form' })
    .trim()
    .min(1, 'Enter the name of the form')
    .max(200, 'Names are limited to 200 characters'),
  status: z.enum(FORM_STATUSES, { error: 'Status is published or draft' }).optional(),
});

export type UpsertFormInput = z.input<typeof ZUpsertForm>;
export type UpsertFormData = z.output<typeof ZUpsertForm>;
