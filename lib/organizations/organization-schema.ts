import { z } from 'zod';
import { WEBHOOK_FORMATS } from '../webhooks/webhook-schema';

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

/** The wire format of webhooks created without one (console Settings, PATCH /organization). */
export const ZDefaultWebhookFormat = z
  .enum(WEBHOOK_FORMATS, { error: `defaultWebhookFormat is one of ${WEBHOOK_FORMATS.join(', ')}` })
  .describe(
    'The format of webhooks created without one (default standard). An organization hosting a CharityStack-style platform sets charitystack, so clients registering as that document shows get CharityStack deliveries and no ping. Existing webhooks keep their format.',
  );

/** PATCH /organization: the account id, the name, the default webhook format, or several. */
export const ZUpdateOrganization = z
  .strictObject({
    accountId: ZSetAccountId.shape.accountId.optional(),
    name: ZOrganizationName.optional(),
    defaultWebhookFormat: ZDefaultWebhookFormat.optional(),
  })
  .refine((value) => value.accountId !== undefined || value.name !== undefined || value.defaultWebhookFormat !== undefined, {
    message: 'Send accountId, name or defaultWebhookFormat',
  });
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
