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

const ZOrganizationName = z
  .string({ error: 'name is the organization’s name' })
  .trim()
  .min(1, 'Enter a name')
  .max(100, 'Names are at most 100 characters')
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'Names cannot contain control characters');

/** PATCH /organization: the account id, the name, or both. */
export const ZUpdateOrganization = z
  .strictObject({
    accountId: ZSetAccountId.shape.accountId.optional(),
    name: ZOrganizationName.optional(),
  })
  .refine((value) => value.accountId !== undefined || value.name !== undefined, { message: 'Send accountId, name or both' });
export type UpdateOrganizationInput = z.input<typeof ZUpdateOrganization>;

export const ZCreateSubOrganization = z.strictObject({
  name: ZOrganizationName,
  slug: z
    .string({ error: 'slug is the short name in URLs and the CLI' })
    .trim()
    .min(2, 'Slugs are at least 2 characters')
    .max(60, 'Slugs are at most 60 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes (east-chapter)'),
  // The organization it belongs under: the caller's own (default) or one of its sub-organizations.
  parentId: z.string().min(1).max(100).optional(),
});
export type CreateSubOrganizationInput = z.input<typeof ZCreateSubOrganization>;

export const ZRenameOrganization = z.strictObject({ name: ZOrganizationName });
export type RenameOrganizationInput = z.input<typeof ZRenameOrganization>;
