import { z } from 'zod';
import { SUBSCRIBABLE_EVENT_TYPES, WILDCARD } from '../events/catalog';

// One schema per input, shared by the API routes and the console's forms.

export const WEBHOOK_FORMATS = ['standard', 'sitestacker', 'webconnex', 'nationbuilder', 'kajabi', 'charitystack'] as const;
export const RETRY_POLICIES = ['fixed', 'exponential'] as const;
export const WEBHOOK_STATUSES = ['ACTIVE', 'PAUSED', 'DISABLED'] as const;

// Headers Tidings sets itself, or that would break the request if overridden.
const RESERVED_HEADERS = [
  'authorization', 'connection', 'content-length', 'content-type', 'host', 'keep-alive',
  'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'expect',
];
const RESERVED_HEADER_PREFIXES = ['webhook-', 'x-tidings-', 'sitestacker-', 'x-webconnex-', 'x-webhook-', 'proxy-', 'sec-'];

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.includes(lower) || RESERVED_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// What an HTTP header value can carry (the rule the outbound HTTP client enforces): a
// value outside it would be accepted here and then fail every delivery.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export const ZWebhookUrl = z
  .string({ error: 'Enter the URL that will receive the webhooks' })
  .trim()
  .min(1, 'Enter the URL that will receive the webhooks')
  .max(2000, 'URLs are limited to 2,000 characters')
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: 'custom', message: 'Enter an absolute URL, such as https://example.com/webhooks' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      context.addIssue({ code: 'custom', message: 'The URL must start with https://' });
    }
    if (url.username || url.password) {
      context.addIssue({ code: 'custom', message: 'Do not put credentials in the URL; use the API token or custom headers' });
    }
  });

export const ZWebhookEvents = z
  .array(z.string().trim(), { error: 'Choose at least one event, or All events (*)' })
  .min(1, 'Choose at least one event, or All events (*)')
  .max(100)
  .superRefine((events, context) => {
    events.forEach((name, index) => {
      if (name !== WILDCARD && !(SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(name)) {
        context.addIssue({ code: 'custom', path: [index], message: `Unknown event type "${name}"` });
      }
    });
  })
  // The wildcard replaces every other entry (Site Stacker).
  .transform((events) => (events.includes(WILDCARD) ? [WILDCARD] : [...new Set(events)]));

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} is limited to ${max} characters`).nullable().optional();

const webhookFields = {
  url: ZWebhookUrl,
  events: ZWebhookEvents,
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Names are limited to 100 characters'),
  description: optionalText(500, 'The description'),
  status: z.enum(['ACTIVE', 'PAUSED'], { error: 'Status is ACTIVE or PAUSED' }),
  allForms: z.boolean(),
  formIds: z.array(z.string().trim().min(1).max(100)).max(500),
  resourceId: optionalText(200, 'The resource id'),
  includeSubOrganizations: z.boolean(),
  format: z.enum(WEBHOOK_FORMATS, { error: `Format is one of ${WEBHOOK_FORMATS.join(', ')}` }),
  appKey: optionalText(200, 'The app key'),
  // Sent as "Authorization: Bearer <token>", so it must be a valid header value.
  apiToken: z
    .string()
    .trim()
    .max(2000, 'The API token is limited to 2000 characters')
    .regex(HEADER_VALUE, 'The API token is sent in a header: use printable ASCII characters')
    .nullable()
    .optional(),
  customHeaders: z
    .record(z.string(), z.string().max(1000, 'Header values are limited to 1,000 characters'))
    .superRefine((headers, context) => {
      const names = Object.keys(headers);
      if (names.length > 20) context.addIssue({ code: 'custom', message: 'At most 20 custom headers' });
      for (const name of names) {
        if (!HEADER_NAME.test(name)) context.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a valid header name` });
        else if (isReservedHeader(name)) context.addIssue({ code: 'custom', path: [name], message: `"${name}" is set by Tidings and cannot be overridden` });
      }
      for (const [name, value] of Object.entries(headers)) {
        if (/[\r\n\0]/.test(value)) context.addIssue({ code: 'custom', path: [name], message: 'Header values cannot contain line breaks' });
        else if (!HEADER_VALUE.test(value)) context.addIssue({ code: 'custom', path: [name], message: 'Header values can use printable ASCII characters only' });
      }
    }),
  retryPolicy: z.enum(RETRY_POLICIES, { error: 'Retry policy is fixed or exponential' }),
  timeoutSeconds: z
    .number({ error: 'Timeout is a number of seconds' })
    .int('Timeout is a whole number of seconds')
    .min(1, 'Timeout is at least 1 second')
    .max(30, 'Timeout is at most 30 seconds'),
};

function refineForms(value: { allForms?: boolean; formIds?: string[] }, context: z.RefinementCtx): void {
  if (value.allForms === false && (value.formIds?.length ?? 0) === 0) {
    context.addIssue({
      code: 'custom',
      path: ['formIds'],
      message: 'Choose at least one form, or turn on "Send data from every page"',
    });
  }
}

export const ZCreateWebhook = z
  .strictObject({
    ...webhookFields,
    name: webhookFields.name.optional(),
    description: webhookFields.description,
    status: webhookFields.status.optional(),
    allForms: webhookFields.allForms.optional(),
    formIds: webhookFields.formIds.optional(),
    includeSubOrganizations: webhookFields.includeSubOrganizations.optional(),
    format: webhookFields.format.optional(),
    customHeaders: webhookFields.customHeaders.optional(),
    retryPolicy: webhookFields.retryPolicy.optional(),
    timeoutSeconds: webhookFields.timeoutSeconds.optional(),
    // "Send a ping on creation": only at creation, so not a field of the update schema.
    pingOnCreate: z.boolean({ error: 'pingOnCreate is true or false' }).optional(),
  })
  .superRefine(refineForms);

export type CreateWebhookInput = z.input<typeof ZCreateWebhook>;

/**
 * Whether a new webhook gets a `ping` when nobody chose: only the formats whose document
 * defines one (Standard Webhooks and Site Stacker: "When you create a new webhook, we'll send
 * you a simple ping event"); the other documents promise no unannounced event.
 */
export function defaultPingOnCreate(format: (typeof WEBHOOK_FORMATS)[number] | undefined): boolean {
  return format === undefined || format === 'standard' || format === 'sitestacker';
}
export type CreateWebhookData = z.output<typeof ZCreateWebhook>;

// Re-enabling a DISABLED webhook is setting status ACTIVE.
export const ZUpdateWebhook = z
  .strictObject(webhookFields)
  .partial()
  .superRefine(refineForms)
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });

export type UpdateWebhookInput = z.input<typeof ZUpdateWebhook>;
export type UpdateWebhookData = z.output<typeof ZUpdateWebhook>;

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
