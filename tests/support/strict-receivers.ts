// Receivers written from the five seed documents alone (shared/seeds), as an integrator
// would write them: each decodes a request with a zod schema built from the document's own
// tables and samples (integers are integers, required fields are required, an event name the
// document does not list is a failure), checks the headers the document names in the case it
// spells them, and verifies the signature the way the document (and the guide it links) says.
// Nothing here imports Tidings code: a receiver cannot.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ReceivedRequest } from './receiver';

export type Decoded = { event: string; deliveryId: string | null; body: Record<string, unknown> };

/** A header value looked up the way HTTP servers do (case-insensitively). */
function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The header names exactly as they were sent. */
export function rawHeaderNames(request: ReceivedRequest): string[] {
  return request.rawHeaders.filter((_, index) => index % 2 === 0);
}

function requireHeaderSpelled(request: ReceivedRequest, name: string): string {
  const names = rawHeaderNames(request);
  if (!names.includes(name)) {
    throw new Error(`header ${name} is not on the wire as spelled in the document (sent: ${names.join(', ')})`);
  }
  return header(request, name)!;
}

const hmacHex = (key: string, content: string) => createHmac('sha256', key).update(content, 'utf8').digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseJson(request: ReceivedRequest): unknown {
  // "All event payloads are sent as json" / "Content-Type | application/json"
  if (!/^application\/json\b/.test(header(request, 'content-type') ?? '')) throw new Error(`content-type is ${header(request, 'content-type')}`);
  return JSON.parse(request.body);
}

function decodeWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} does not match the document: ${z.prettifyError(result.error)}`);
  return result.data;
}

const int = z.number().int();
const float = z.number();
const text = z.string();
// The documents call a container of several records an "object" (Webconnex "registrants |
// object | Object contains all the fields for the registrant(s)"): a JSON object or array.
const container = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);
const object = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------------------
// Site Stacker: "Delivery headers" table, "Payloads" sections.

const SITE_STACKER_PAYLOADS = {
  // "Ping Event Payload: `hook` | The webhook configuration"
  ping: z.object({ hook: object }),
  // "Contribution create Payload: { "contribution_batch_id": "9" }"
  contribution_create: z.object({ contribution_batch_id: text }),
  // "Person type assignment Payload: { "person_type": { "id": "18", "name": "Donor" }, "person_id": "4609" }"
  person_type_assignment: z.object({ person_type: z.object({ id: text, name: text }), person_id: text }),
} as const;

export function receiveSiteStacker(request: ReceivedRequest, secret: string): Decoded {
  // "Also, the `User-Agent` for the requests will be `SiteStacker`."
  if (requireHeaderSpelled(request, 'User-Agent') !== 'SiteStacker') throw new Error('User-Agent is not SiteStacker');
  // "`SiteStacker-Event` | Name of the event that triggered this delivery."
  const event = requireHeaderSpelled(request, 'SiteStacker-Event');
  if (!(event in SITE_STACKER_PAYLOADS)) throw new Error(`unknown Site Stacker event "${event}"`);
  // "`SiteStacker-Signature` | HMAC hex digest of the payload, using the hook's secret as the key"
  const signature = requireHeaderSpelled(request, 'SiteStacker-Signature');
  if (!sameText(signature, hmacHex(secret, request.body))) throw new Error('SiteStacker-Signature does not verify');
  // "`SiteStacker-Delivery` | Unique ID for this delivery."
  const deliveryId = requireHeaderSpelled(request, 'SiteStacker-Delivery');
  const body = decodeWith(SITE_STACKER_PAYLOADS[event as keyof typeof SITE_STACKER_PAYLOADS], parseJson(request), event);
  return { event, deliveryId, body };
}

// ---------------------------------------------------------------------------
// NationBuilder: the samples ("Person Creation/Update", "Donation Success/Update/Cancel",
// "Person Contact"); no event name and no signature: the shared token is the trust.

const nbSignup = z.object({ nationbuilder_id: int, first_name: text.nullable(), last_name: text.nullable(), email_opt_in: z.boolean() });

const NATION_BUILDER_BODIES = {
  // { "token": "sharedsecret", "payload": { "signup": { "nationbuilder_id": 65536, … } } }
  person: z.object({ token: text, payload: z.object({ signup: nbSignup }) }),
  // { "nation_slug": "foobar", "payload": { "donation": { "amount_in_cents": 2020, "donor": { "id": 75408 }, "id": 87 } }, "token": "sharedsecret" }
  donation: z.object({
    nation_slug: text,
    token: text,
    payload: z.object({
      donation: z.object({ id: int, amount: text, amount_in_cents: int, author_id: int.nullable(), donor: z.object({ id: int, email: text }) }),
    }),
  }),
  // { "payload": { "signup_call": { "contact_status_id": 4, "signup": { "nationbuilder_id": 22 } } }, "token": "sharedsecret" }
  contact: z.object({
    token: text,
    payload: z.object({ signup_call: z.object({ contact_method_id: int, contact_status_id: int, call_type_id: int, signup: nbSignup }) }),
  }),
} as const;

export function receiveNationBuilder(request: ReceivedRequest, token: string): Decoded {
  const json = parseJson(request) as { payload?: Record<string, unknown> };
  const kind = json.payload && 'signup_call' in json.payload ? 'contact' : json.payload && 'donation' in json.payload ? 'donation' : 'person';
  const body = decodeWith(NATION_BUILDER_BODIES[kind], json, `NationBuilder ${kind}`);
  // "a shared secret token … will be attached to the payload via the key `token`"
  if (!sameText(body.token, token)) throw new Error('the token is not the nation shared token');
  return { event: kind, deliveryId: null, body };
}

// ---------------------------------------------------------------------------
// Kajabi: "The actual payloads are sent to the target_url as a POST request with the
// following JSON body: { "id": "hash_id", "event": "tag_added", "payload": [] }".

export const KAJABI_EVENTS = ['purchase', 'payment_succeeded', 'order_created', 'form_submission', 'tag_added', 'tag_removed'] as const;

const KAJABI_BODY = z.object({ id: text.min(1), event: z.enum(KAJABI_EVENTS), payload: container });

export function receiveKajabi(request: ReceivedRequest): Decoded {
  const body = decodeWith(KAJABI_BODY, parseJson(request), 'Kajabi body');
  // "The id is the ID of the resource that triggered the event" — for tags, "the id of the Contact Tag".
  if (body.event === 'tag_added' || body.event === 'tag_removed') {
    const tag = (body.payload as { tag?: { id?: unknown } }).tag;
    if (String(tag?.id) !== body.id) throw new Error(`id ${body.id} is not the tag's id ${String(tag?.id)}`);
  }
  return { event: body.event, deliveryId: null, body };
}

// ---------------------------------------------------------------------------
// Webconnex: "Headers" table and each notification's Payload / Data / Meta tables.

const webconnexMeta = z.object({ name: text, appKey: text.optional() });

const registrationData = z.object({
  billing: object, id: text, lookupId: int, customerId: int, currency: text, deductibleTotal: float, orderNumber: text,
  orderStatus: text, registrants: container, tickets: container, total: float, transactionReference: text, transactionId: int,
  registrationTimestamp: text,
});
const publishData = z.object({
  accRef: text, currency: text, datePublished: text, id: int, name: text, product: text, publishedPath: text, status: text, timeZone: text,
});
const subscriptionData = z.object({
  id: text, lookupId: text, customerId: int, billing: object, orderNumber: text, orderStatus: text, currency: text, deductibleTotal: float,
  subscription: z.object({
    amount: float, category: text, dateCreated: text, dateLast: text, dateNext: text, id: int, schedule: text, scheduleString: text, status: text,
  }),
  transactionReference: text, transactionId: int, total: float,
});
const smsData = z.object({
  id: text, lookupId: text, customerId: int, transactionId: int, transactionReference: text, transactionStatus: text, orderStatus: text,
  orderNumber: text, total: float, currency: text, deductibleTotal: float, category: text, donorNumber: text, text2GiveNumber: text, billing: object,
});
const inventoryData = z.object({
  dateCreated: text, formLookupId: int, formName: text, id: text, inventory: z.object({ quantity: int, sold: int }), itemName: text,
  itemPath: text, lookupId: int,
});
const couponData = z.object({
  couponId: int, available: int, redeemed: int, codes: container, currency: text, name: text,
  // "formId | string | Id of the associated form (optional) [null] if coupon is global)"
  formId: text.nullable().optional(), voucher: z.boolean(), dateCreated: text,
});
const registrantData = z.object({
  id: text, lookupId: int, amount: float, customerId: int.optional(), currency: text, orderNumber: text, data: container, orderId: text,
  status: text, source: text, registrantTimestamp: text,
});
const ticketData = z.object({
  id: text, lookupId: int, amount: float, fee: float, total: float, customerId: int.optional(), currency: text, orderNumber: text, orderId: text,
  status: text, source: text, data: container, label: text, ticketTimestamp: text,
});

const envelope = <D extends z.ZodType>(data: D, withCustomer: boolean) =>
  z.object({
    eventType: text, accountId: int, formId: int, ...(withCustomer ? { customerId: int } : {}), eventId: int, data, meta: webconnexMeta,
  });

export const WEBCONNEX_BODIES: Record<string, z.ZodType> = {
  registration: envelope(registrationData, true),
  publish: envelope(publishData, false),
  subscription: envelope(subscriptionData, true),
  sms: envelope(smsData, true),
  inventory_80: envelope(inventoryData, false),
  inventory_90: envelope(inventoryData, false),
  inventory_100: envelope(inventoryData, false),
  coupon: envelope(couponData, false),
  edit_registrant: envelope(registrantData, true),
  cancel_registrant: envelope(registrantData, true),
  edit_ticket: envelope(ticketData, true),
  cancel_ticket: envelope(ticketData, true),
  // Named in the Headers table ("registration, edit_registrant, cancel_order"), with no table of
  // its own: an order is a registration ("orderNumber", "orderStatus | Status of the order").
  cancel_order: envelope(registrationData, true),
};

export function receiveWebconnex(request: ReceivedRequest, secret: string): Decoded & { signature: string } {
  // "Content-Type | application/json", "User-Agent | Webconnex-Divvy"
  if (requireHeaderSpelled(request, 'User-Agent') !== 'Webconnex-Divvy') throw new Error('User-Agent is not Webconnex-Divvy');
  requireHeaderSpelled(request, 'Content-Type');
  // "X-Webconnex-Event | Event types being sent ie.. registration, edit_registrant, cancel_order, etc..."
  const event = requireHeaderSpelled(request, 'X-Webconnex-Event');
  const schema = WEBCONNEX_BODIES[event];
  if (!schema) throw new Error(`unknown Webconnex event "${event}"`);
  // "X-Webconnex-Signature | HMAC for the webhook" (hex HMAC-SHA256 of the raw body)
  const signature = requireHeaderSpelled(request, 'X-Webconnex-Signature');
  if (!sameText(signature, hmacHex(secret, request.body))) throw new Error('X-Webconnex-Signature does not verify');
  // "X-Webconnex-Delivery | Hash for the delivery"
  const deliveryId = requireHeaderSpelled(request, 'X-Webconnex-Delivery');
  const body = decodeWith(schema, parseJson(request), event) as Record<string, unknown>;
  if (body.eventType !== event) throw new Error(`eventType ${String(body.eventType)} differs from X-Webconnex-Event ${event}`);
  return { event, deliveryId, body, signature };
}

// ---------------------------------------------------------------------------
// CharityStack: the event table of "Create a webhook", and the X-Webhook-Signature header
// as its webhook verification guide describes it (sha256=<hex HMAC-SHA256 of
// "timestamp.raw_body">, X-Webhook-Timestamp within 5 minutes, X-Webhook-ID).

export const CHARITYSTACK_EVENTS = [
  'donation.created', 'donation.updated', 'subscription.created', 'subscription.updated', 'subscription.cancelled',
  'subscription.payment_method_updated', 'contact.created', 'contact.updated', 'form.created', 'form.updated',
] as const;

const CHARITYSTACK_BODY = z.object({ event: z.enum(CHARITYSTACK_EVENTS), data: object });

export function receiveCharityStack(request: ReceivedRequest, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Decoded {
  const signature = requireHeaderSpelled(request, 'X-Webhook-Signature');
  const timestamp = requireHeaderSpelled(request, 'X-Webhook-Timestamp');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) throw new Error('X-Webhook-Timestamp is not within 5 minutes');
  if (!sameText(signature, `sha256=${hmacHex(secret, `${timestamp}.${request.body}`)}`)) throw new Error('X-Webhook-Signature does not verify');
  const deliveryId = requireHeaderSpelled(request, 'X-Webhook-ID');
  const body = decodeWith(CHARITYSTACK_BODY, parseJson(request), 'CharityStack body');
  return { event: body.event, deliveryId, body };
}

// "201 — created": the registration response a CharityStack client reads.
export const CHARITYSTACK_CREATED = z.object({
  webhookId: text,
  url: text,
  events: z.array(text),
  status: z.literal('ACTIVE'),
  description: text,
  createdAt: int,
  lastDeliveryAt: z.null(),
  successCount: z.literal(0),
  failureCount: z.literal(0),
  secret: text,
  warning: text,
});
