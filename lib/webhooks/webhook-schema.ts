import { z } from 'zod';
import { canonicalSubscriptionEntry, EVENT_GROUP_PATTERNS, groupOfPattern, isGroupPattern, SUBSCRIBABLE_EVENT_TYPES, WILDCARD } from '../events/catalog/names';

// One schema per input, shared by the API routes and the console's forms.

export const WEBHOOK_FORMATS = ['standard', 'sitestacker', 'webconnex', 'nationbuilder', 'kajabi', 'charitystack'] as const;
export const RETRY_POLICIES = ['fixed', 'exponential'] as const;
export const WEBHOOK_STATUSES = ['ACTIVE', 'PAUSED', 'DISABLED'] as const;
export const WEBHOOK_ORDERINGS = ['none', 'key'] as const;

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

/**
 * What the API and console show instead of a secret's value (custom header values): a
 * fixed string that reveals nothing, not even the length. Its bullets are not printable
 * ASCII, so it can never be a real header value: in a PATCH it means "keep the stored one".
 */
export const SECRET_MASK = '••••••••';

function refineHeaderNames(headers: Record<string, unknown>, context: z.RefinementCtx): void {
  const names = Object.keys(headers);
  if (names.length > 20) context.addIssue({ code: 'custom', message: 'At most 20 custom headers' });
  const seen = new Set<string>();
  for (const name of names) {
    if (!HEADER_NAME.test(name)) context.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a valid header name` });
    else if (isReservedHeader(name)) context.addIssue({ code: 'custom', path: [name], message: `"${name}" is set by Tidings and cannot be overridden` });
    else if (seen.has(name.toLowerCase())) context.addIssue({ code: 'custom', path: [name], message: `"${name}" is listed twice (header names ignore case)` });
    seen.add(name.toLowerCase());
  }
}

function refineHeaderValue(name: string, value: string, context: z.RefinementCtx): void {
  if (/[\r\n\0]/.test(value)) context.addIssue({ code: 'custom', path: [name], message: 'Header values cannot contain line breaks' });
  else if (!HEADER_VALUE.test(value)) context.addIssue({ code: 'custom', path: [name], message: 'Header values can use printable ASCII characters only' });
}

const headerValue = z.string({ error: 'Enter the header value' }).max(1000, 'Header values are limited to 1,000 characters');

/** On create every header needs its value: there is no stored one to keep. */
const ZCreateCustomHeaders = z.record(z.string(), headerValue).superRefine((headers, context) => {
  refineHeaderNames(headers, context);
  for (const [name, value] of Object.entries(headers)) {
    if (value === SECRET_MASK) context.addIssue({ code: 'custom', path: [name], message: 'Enter the header value: this header has no stored value to keep' });
    else refineHeaderValue(name, value, context);
  }
});

/**
 * On PATCH the object is the complete new set of headers: a value replaces the stored
 * one; `null` or the mask keeps the stored value of that name (so a webhook read from
 * the API can be sent back as it is); a name left out is removed. Keeping is output as null.
 */
const ZUpdateCustomHeaders = z
  .record(z.string(), headerValue.nullable())
  .superRefine((headers, context) => {
    refineHeaderNames(headers, context);
    for (const [name, value] of Object.entries(headers)) if (value !== null && value !== SECRET_MASK) refineHeaderValue(name, value, context);
  })
  .transform((headers) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === SECRET_MASK ? null : value])))
  .describe(
    `The complete set of custom headers after the change. A string sets that header's value; null, or the mask "${SECRET_MASK}" that GET returns, keeps its stored value (400 if it has none); a header left out is removed. Values are secrets: encrypted at rest and never returned.`,
  );

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
      if (name === WILDCARD || (SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(name)) return;
      if (isGroupPattern(name)) {
        if (!groupOfPattern(name)) {
          context.addIssue({
            code: 'custom',
            path: [index],
            message: `Unknown event group "${name}"; groups are ${Object.values(EVENT_GROUP_PATTERNS).join(', ')}`,
          });
        }
        return;
      }
      context.addIssue({ code: 'custom', path: [index], message: `Unknown event type "${name}"` });
    });
  })
  // The wildcard replaces every other entry (Site Stacker); a pattern is stored in its canonical form.
  .transform((events) => (events.includes(WILDCARD) ? [WILDCARD] : [...new Set(events.map(canonicalSubscriptionEntry))]))
  .describe(
    'Event types (exact names), group patterns (`donation.*`: every type of the group, including types added later) or `["*"]` (every event but ping).',
  );

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
  customHeaders: ZCreateCustomHeaders.describe(
    `Sent with every delivery. Values are secrets: encrypted at rest, never returned (the API shows each name with the mask "${SECRET_MASK}"), masked in the attempt log.`,
  ),
  retryPolicy: z.enum(RETRY_POLICIES, { error: 'Retry policy is fixed or exponential' }),
  timeoutSeconds: z
    .number({ error: 'Timeout is a number of seconds' })
    .int('Timeout is a whole number of seconds')
    .min(1, 'Timeout is at least 1 second')
    .max(30, 'Timeout is at most 30 seconds'),
  ordering: z
    .enum(WEBHOOK_ORDERINGS, { error: 'Ordering is none or key' })
    .describe('"key": deliveries of events that share an orderingKey are sent one at a time, in the order the events were accepted; "none" (default): as they come.'),
  maxRequestsPerSecond: z
    .number({ error: 'The rate limit is a number of requests per second' })
    .int('The rate limit is a whole number of requests per second')
    .min(1, 'The rate limit is at least 1 request per second')
    .max(10_000, 'The rate limit is at most 10,000 requests per second')
    .nullable()
    .describe('Requests per second to this webhook, across all workers; null: no limit. Deliveries held back wait; they do not fail.'),
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
    format: webhookFields.format
      .optional()
      .describe("The wire format. Omitted: the organization's defaultWebhookFormat (GET /organization; standard unless changed)."),
    customHeaders: webhookFields.customHeaders.optional(),
    retryPolicy: webhookFields.retryPolicy.optional(),
    timeoutSeconds: webhookFields.timeoutSeconds.optional(),
    ordering: webhookFields.ordering.optional(),
    maxRequestsPerSecond: webhookFields.maxRequestsPerSecond.optional(),
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
  .strictObject({ ...webhookFields, customHeaders: ZUpdateCustomHeaders })
  .partial()
  .superRefine(refineForms)
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });

export type UpdateWebhookInput = z.input<typeof ZUpdateWebhook>;
export type UpdateWebhookData = z.output<typeof ZUpdateWebhook>;

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const ZResumeWebhook = z.strictObject({
  held: z
    .enum(['send', 'discard'], { error: 'held is "send" or "discard"' })
    .describe('What to do with the deliveries held while the webhook was off: send them, in their original order, or discard them.'),
});
export type ResumeWebhookInput = z.input<typeof ZResumeWebhook>;
