import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getEventType } from '../events/catalog/definitions';
import { EVENT_TYPE_NAMES } from '../events/catalog/names';
import { deriveResourceId } from '../events/derive-resource-id';
import { WEBHOOK_FORMATS } from '../webhooks/webhook-schema';
import { charityStackFormat } from './charitystack';
import { kajabiFormat } from './kajabi';
import { nationBuilderFormat } from './nationbuilder';
import { siteStackerFormat } from './sitestacker';
import { MissingDeliverySetting, type DeliveryEvent, type FormatInput, type WireFormat, type WireRequest } from './wire-format';
import { webconnexFormat } from './webconnex';

// Each block checks a request the way a receiver written from that seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (here, with node:crypto, never with the format's own helpers) and reads the
// body fields the seed documents. The comment on each assertion quotes the seed.

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PREVIOUS_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const DELIVERY_ID = 'msg_01hx4q1c9d8e7f6a5b4c3d2e1f';
const EVENT_ID = 'evt_01hx4q0a1b2c3d4e5f6a7b8c9d';
const ORGANIZATION_ID = 'org_01hx4kz0demo000000000000000';
const EVENT_CREATED_AT = new Date('2024-10-04T17:32:11.000Z');
const NOW = 1_728_063_131; // 2024-10-04T17:32:11Z, the first attempt
const EVENT_NUMBER = 90_417; // the event's number (a sequence)
const ACCOUNT_NUMBER = 31_337; // the organization's numeric account id

function sample(type: string): Record<string, unknown> {
  const definition = getEventType(type);
  if (!definition) throw new Error(`No catalog entry for ${type}`);
  return definition.sample();
}

type InputOverrides = Omit<Partial<FormatInput>, 'event'> & { event?: Partial<DeliveryEvent>; data?: Record<string, unknown> };

function makeInput(type: string, overrides: InputOverrides = {}): FormatInput {
  const { data, event, ...rest } = overrides;
  const eventData = data ?? sample(type);
  return {
    deliveryId: DELIVERY_ID,
    event: {
      id: EVENT_ID,
      type,
      organizationId: ORGANIZATION_ID,
      formId: null,
      // As ingestion stores it when the platform sent none (lib/events/emit.ts).
      resourceId: deriveResourceId(type, eventData),
      data: eventData,
      createdAt: EVENT_CREATED_AT,
      test: false,
      number: EVENT_NUMBER,
      platformFormId: null,
      accountNumber: ACCOUNT_NUMBER,
      organizationSlug: 'foobar',
      ...event,
    },
    webhook: { id: 'wh_01hx4kz9mntd8vr2bpqe5ycf3a', name: 'Donor CRM sync', appKey: 'crm-app-key' },
    attempt: 1,
    timestamp: NOW,
    secrets: [SECRET],
    sharedToken: 'sharedsecret',
    ...rest,
  };
}

/** Header lookup as receivers do it: HTTP header names are case-insensitive. */
function header(request: WireRequest, name: string): string | undefined {
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

function hexHmacSha256(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseBody(request: WireRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Site Stacker

/** A receiver written from the Site Stacker page's "Delivery headers" table. */
function receiveSiteStacker(request: WireRequest, secret: string) {
  const signature = header(request, 'SiteStacker-Signature');
  return {
    event: header(request, 'SiteStacker-Event'),
    delivery: header(request, 'SiteStacker-Delivery'),
    signature,
    // "HMAC hex digest of the payload, using the hook's secret as the key (if configured)."
    verified: signature !== undefined && constantTimeEqual(signature, hexHmacSha256(secret, request.body)),
    payload: parseBody(request),
  };
}

describe('sitestacker format', () => {
  it('sends contribution_create with the contribution batch id, signed with the hook secret', () => {
    const request = siteStackerFormat.buildRequest(makeInput('donation.created'));
    const received = receiveSiteStacker(request, SECRET);
    // "When a contribution is created in Site Stacker, we'll send a `contribution_create` event."
    expect(received.event).toBe('contribution_create');
    // "`SiteStacker-Signature` | HMAC hex digest of the payload, using the hook's secret as the key"
    expect(received.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(received.verified).toBe(true);
    // "`SiteStacker-Delivery` | Unique ID for this delivery."
    expect(received.delivery).toBe(DELIVERY_ID);
    // "Also, the `User-Agent` for the requests will be `SiteStacker`."
    expect(header(request, 'User-Agent')).toBe('SiteStacker');
    // "All event payloads are sent as json."
    expect(header(request, 'Content-Type')).toBe('application/json');
    // "Contribution create Payload: { "contribution_batch_id": "9" }": the data, no envelope.
    expect(received.payload.contribution_batch_id).toBe('9');
    expect(received.payload).toEqual(sample('donation.created'));
  });

  it("sends the document's payload for the document's event, ids as its strings", () => {
    // "Contribution create Payload: { "contribution_batch_id": "9" }": exactly that, whatever type the platform used.
    for (const sent of ['9', 9]) {
      const request = siteStackerFormat.buildRequest(makeInput('donation.created', { data: { contribution_batch_id: sent } }));
      expect(parseBody(request)).toEqual({ contribution_batch_id: '9' });
    }
    // A donation from a platform without batches: the promised key is there, and says there is none.
    const withoutBatch = siteStackerFormat.buildRequest(makeInput('donation.created', { data: { donation: sample('donation.updated').donation } }));
    expect(parseBody(withoutBatch).contribution_batch_id).toBeNull();
    // "{ "person_type": { "id": "18", "name": "Donor" }, "person_id": "4609" }"
    const numeric = siteStackerFormat.buildRequest(makeInput('person.type_assigned', { data: { person_type: { id: 18, name: 'Donor' }, person_id: 4609 } }));
    expect(parseBody(numeric)).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
  });

  it('spells its headers as the document does', () => {
    const request = siteStackerFormat.buildRequest(makeInput('donation.created'));
    // "`SiteStacker-Event` … `SiteStacker-Signature` … `SiteStacker-Delivery`", "`User-Agent`"
    expect(Object.keys(request.headers)).toEqual(expect.arrayContaining(['SiteStacker-Event', 'SiteStacker-Signature', 'SiteStacker-Delivery', 'User-Agent']));
  });

  it('sends person_type_assignment with the seed payload', () => {
    const request = siteStackerFormat.buildRequest(makeInput('person.type_assigned'));
    const received = receiveSiteStacker(request, SECRET);
    // "When a person type is assigned to a person record, we'll send a `person_type_assignment` event."
    expect(received.event).toBe('person_type_assignment');
    expect(received.verified).toBe(true);
    // "Person type assignment Payload: { "person_type": { "id": "18", "name": "Donor" }, "person_id": "4609" }"
    expect(received.payload).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
  });

  it('sends ping with the webhook configuration under `hook`', () => {
    const request = siteStackerFormat.buildRequest(makeInput('ping'));
    const received = receiveSiteStacker(request, SECRET);
    // "When you create a new webhook, we'll send you a simple `ping` event"
    expect(received.event).toBe('ping');
    expect(received.verified).toBe(true);
    // "Ping Event Payload: `hook` | The webhook configuration"
    expect(received.payload.hook).toMatchObject({ webhookId: expect.any(String), url: expect.any(String), events: expect.any(Array) });
    expect(request.body).not.toContain('whsec_');
  });

  it('sends events Site Stacker has no name for under their catalog name', () => {
    const request = siteStackerFormat.buildRequest(makeInput('registration.created'));
    // "`SiteStacker-Event` | Name of the event that triggered this delivery." (no seed name: the catalog's)
    expect(receiveSiteStacker(request, SECRET).event).toBe('registration.created');
  });

  it('omits the signature header when the hook has no secret', () => {
    for (const secrets of [[], ['']]) {
      const request = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets }));
      // "HMAC hex digest of the payload, using the hook's secret as the key (if configured)."
      expect(header(request, 'SiteStacker-Signature')).toBeUndefined();
      expect(header(request, 'SiteStacker-Event')).toBe('contribution_create');
    }
  });

  it('keeps signing with the previous secret during the 24 h after a rotation, then with the new one', () => {
    // "using the hook's secret as the key": one header. Tidings' choice (README "Wire formats"): the secret the
    // receiver already holds signs until the overlap ends, so a receiver never fails while it moves to the new one.
    const during = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets: [SECRET, PREVIOUS_SECRET] }));
    expect(receiveSiteStacker(during, PREVIOUS_SECRET).verified).toBe(true);
    expect(receiveSiteStacker(during, SECRET).verified).toBe(false);
    const after = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets: [SECRET] }));
    expect(receiveSiteStacker(after, SECRET).verified).toBe(true);
    for (const format of [webconnexFormat, charityStackFormat]) {
      const request = format.buildRequest(makeInput('donation.created', { secrets: [SECRET, PREVIOUS_SECRET] }));
      const signature = header(request, format === webconnexFormat ? 'X-Webconnex-Signature' : 'X-Webhook-Signature');
      const signed = format === webconnexFormat ? request.body : `${NOW}.${request.body}`;
      const expected = hexHmacSha256(PREVIOUS_SECRET, signed);
      expect(signature, format.name).toBe(format === webconnexFormat ? expected : `sha256=${expected}`);
    }
  });
});

// ---------------------------------------------------------------------------
// Webconnex

/** A receiver written from the Webconnex "Nerdy Information" headers and payload tables. */
function receiveWebconnex(request: WireRequest, secret: string) {
  const signature = header(request, 'X-Webconnex-Signature');
  return {
    event: header(request, 'X-Webconnex-Event'),
    delivery: header(request, 'X-Webconnex-Delivery'),
    signature,
    // "X-Webconnex-Signature | HMAC for the webhook": an HMAC-SHA256 hex digest of the raw body.
    verified: signature !== undefined && constantTimeEqual(signature, hexHmacSha256(secret, request.body)),
    payload: parseBody(request),
  };
}

describe('webconnex format', () => {
  it('sends a registration in the Webconnex envelope', () => {
    const data = sample('registration.created');
    // The platform's form 482913, registered in Tidings as form_fallgala.
    const request = webconnexFormat.buildRequest(makeInput('registration.created', { event: { formId: 'form_fallgala', platformFormId: '482913' } }));
    const received = receiveWebconnex(request, SECRET);
    // "Content-Type | application/json", "User-Agent | Webconnex-Divvy"
    expect(header(request, 'Content-Type')).toBe('application/json');
    expect(header(request, 'User-Agent')).toBe('Webconnex-Divvy');
    // "X-Webconnex-Event | Event types being sent ie.. registration, edit_registrant, cancel_order, etc..."
    expect(received.event).toBe('registration');
    // "X-Webconnex-Delivery | Hash for the delivery"
    expect(received.delivery).toBe(DELIVERY_ID);
    // "X-Webconnex-Signature | HMAC for the webhook."
    expect(received.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(received.verified).toBe(true);
    expect(received.payload).toEqual({
      // "eventType | string | registration"
      eventType: 'registration',
      // "accountId | integer | Id of the account": the organization's account number.
      accountId: ACCOUNT_NUMBER,
      // "formId | integer | Id of the form": the platform's own id, never a Tidings form_ id.
      formId: 482913,
      // "customerId | integer | Id of the customer"
      customerId: 845123,
      // "eventId | integer | Id of the registration webhook event": the event's number.
      eventId: EVENT_NUMBER,
      // "data | object | Object contains the complete payload for the registration"
      data,
      // Meta Object: "name | The name of the webhook", "appKey | Self assigned application key (optional)"
      meta: { name: 'Donor CRM sync', appKey: 'crm-app-key' },
    });
  });

  it('splits inventory events by threshold', () => {
    for (const threshold of [80, 90, 100]) {
      const request = webconnexFormat.buildRequest(
        makeInput('inventory.threshold_reached', { data: { ...sample('inventory.threshold_reached'), threshold } }),
      );
      const received = receiveWebconnex(request, SECRET);
      // "eventType | string | The event type - "inventory_80", "inventory_90", "inventory_100""
      expect(received.event).toBe(`inventory_${threshold}`);
      expect(received.payload.eventType).toBe(`inventory_${threshold}`);
      expect(received.verified).toBe(true);
      // Inventory payload table: eventType, formId, accountId, eventId, data, meta (no customerId).
      expect(received.payload).not.toHaveProperty('customerId');
    }
  });

  it('maps the other Webconnex events to their seed names', () => {
    const expected: [string, string][] = [
      // "eventType | string | The event type - "publish""
      ['form.published', 'publish'],
      // "eventType | string | The event type - "subscription""
      ['subscription.processed', 'subscription'],
      // "eventType | string | The event type - "sms""
      ['sms_donation.created', 'sms'],
      // "The coupon event is fired whenever coupon is created, updated or redeemed." / "coupon"
      ['coupon.created', 'coupon'],
      ['coupon.updated', 'coupon'],
      ['coupon.redeemed', 'coupon'],
      // "eventType | string | edit_registrant/cancel_registrant"
      ['registrant.updated', 'edit_registrant'],
      ['registrant.cancelled', 'cancel_registrant'],
      // "eventType | string | edit_ticket/cancel_ticket"
      ['ticket.updated', 'edit_ticket'],
      ['ticket.cancelled', 'cancel_ticket'],
      // No Webconnex name: the catalog name.
      ['subscription.created', 'subscription.created'],
    ];
    for (const [canonical, seedName] of expected) {
      const received = receiveWebconnex(webconnexFormat.buildRequest(makeInput(canonical)), SECRET);
      expect(received.event, canonical).toBe(seedName);
      expect(received.payload.eventType, canonical).toBe(seedName);
      expect(received.verified, canonical).toBe(true);
    }
  });

  it('names the form of a publish and of a coupon when the event carries no form id', () => {
    const publish = receiveWebconnex(webconnexFormat.buildRequest(makeInput('form.published')), SECRET).payload;
    // Form Publish: "formId | integer | Id of the form"; its data "id | integer | Id of the form".
    expect(publish.formId).toBe(482913);
    // The publish payload table has no customerId.
    expect(publish).not.toHaveProperty('customerId');
    const coupon = receiveWebconnex(webconnexFormat.buildRequest(makeInput('coupon.redeemed')), SECRET).payload;
    // Coupon data: "formId | string | Id of the associated form (optional) [null] if coupon is global)"
    expect(coupon.formId).toBe(482913);
    const globalCoupon = webconnexFormat.buildRequest(makeInput('coupon.created', { data: { ...sample('coupon.created'), formId: null } }));
    expect(parseBody(globalCoupon).formId).toBeNull();
  });

  it('sends the same body and signature on every attempt and resend of a delivery', () => {
    const first = webconnexFormat.buildRequest(makeInput('registration.created', { attempt: 1, timestamp: NOW }));
    const third = webconnexFormat.buildRequest(makeInput('registration.created', { attempt: 3, timestamp: NOW + 3_600 }));
    // "X-Webconnex-Signature | HMAC for the webhook. Note: Remains unchanged on resend events"
    expect(third.body).toBe(first.body);
    expect(header(third, 'X-Webconnex-Signature')).toBe(header(first, 'X-Webconnex-Signature'));
    // "X-Webconnex-Delivery | Hash for the delivery": the delivery, not the attempt.
    expect(header(third, 'X-Webconnex-Delivery')).toBe(header(first, 'X-Webconnex-Delivery'));
    expect(receiveWebconnex(third, SECRET).verified).toBe(true);
  });

  it('never sends a Tidings form id as formId: null when the platform gave no numeric id', () => {
    // "formId | integer | Id of the form"
    const tidingsOnly = webconnexFormat.buildRequest(makeInput('registration.created', { event: { formId: 'form_01hx4q0a1b2c' } }));
    expect(parseBody(tidingsOnly).formId).toBeNull();
    const numericString = webconnexFormat.buildRequest(makeInput('sms_donation.created', { event: { formId: '77', platformFormId: '77' } }));
    expect(parseBody(numericString).formId).toBe(77);
    // "customerId | integer | Id of the customer", whatever JSON type the platform used.
    const stringCustomer = webconnexFormat.buildRequest(makeInput('registration.created', { data: { ...sample('registration.created'), customerId: '845123' } }));
    expect(parseBody(stringCustomer).customerId).toBe(845123);
  });

  it('spells its headers as the document does', () => {
    const request = webconnexFormat.buildRequest(makeInput('registration.created'));
    // "Content-Type", "User-Agent", "X-Webconnex-Delivery", "X-Webconnex-Event", "X-Webconnex-Signature"
    expect(Object.keys(request.headers).sort()).toEqual(['Content-Type', 'User-Agent', 'X-Webconnex-Delivery', 'X-Webconnex-Event', 'X-Webconnex-Signature']);
  });

  it('leaves the optional appKey out of meta when none is set', () => {
    const request = webconnexFormat.buildRequest(
      makeInput('form.published', { webhook: { id: 'wh_1', name: 'Publish feed', appKey: null } }),
    );
    // "appKey | string | Self assigned application key (optional)"
    expect(parseBody(request).meta).toEqual({ name: 'Publish feed' });
  });

  it('flags a Send a Test delivery in meta', () => {
    const request = webconnexFormat.buildRequest(makeInput('registration.created', { event: { test: true } }));
    // "Send a Test: You can use this field to submit test registrations to see how the data will look on your side."
    expect(parseBody(request).meta).toEqual({ name: 'Donor CRM sync', appKey: 'crm-app-key', test: true });
  });
});

// ---------------------------------------------------------------------------
// NationBuilder

describe('nationbuilder format', () => {
  it('sends a person creation as { token, payload: { signup } }', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('person.created'));
    const body = parseBody(request);
    // Person Creation/Update sample: { "token": "sharedsecret", "payload": { "signup": { "nationbuilder_id": 65536, … } } }
    expect(body).toEqual({ token: 'sharedsecret', payload: { signup: sample('person.created').signup } });
    expect(body.payload).toMatchObject({ signup: { nationbuilder_id: 65536, first_name: 'John', email1: 'person@example.com' } });
  });

  it('carries the nation shared token, which is how a receiver authenticates', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('donation.created', { sharedToken: 'nb-token-42' }));
    // "you can attach a shared secret token to your nation which will be attached to the payload via the key `token`"
    expect(parseBody(request).token).toBe('nb-token-42');
  });

  it('sends donations and contacts in the seed payload shapes', () => {
    const donation = parseBody(nationBuilderFormat.buildRequest(makeInput('donation.updated')));
    // Donation Success/Update/Cancel sample: "payload": { "donation": { "amount_in_cents": 2020, "id": 87, … } }, "token": "sharedsecret"
    expect(donation.token).toBe('sharedsecret');
    expect(donation.payload).toMatchObject({ donation: { id: 87, amount_in_cents: 2020, donor: { id: 75408 } } });
    const contact = parseBody(nationBuilderFormat.buildRequest(makeInput('person.contacted')));
    // Person Contact sample: "payload": { "signup_call": { "contact_status_name": "Meaningful interaction", … } }
    expect(contact.payload).toMatchObject({ signup_call: { contact_status_name: 'Meaningful interaction', signup: { nationbuilder_id: 22 } } });
  });

  it('adds no headers beyond the content type and user agent', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('person.updated'));
    // The seed's samples are bare "POST https://www.example.com/webhook" requests with a JSON body.
    expect(Object.keys(request.headers).map((name) => name.toLowerCase()).sort()).toEqual(['content-type', 'user-agent']);
    expect(header(request, 'Content-Type')).toBe('application/json');
  });

  it('sends nothing while the nation has no token (a receiver could not trust it)', () => {
    // "you can attach a shared secret token to your nation which will be attached to the payload via the key `token`"
    expect(() => nationBuilderFormat.buildRequest(makeInput('person.created', { sharedToken: null }))).toThrow(MissingDeliverySetting);
    expect(() => nationBuilderFormat.buildRequest(makeInput('person.created', { sharedToken: '' }))).toThrow(MissingDeliverySetting);
  });

  it('carries nation_slug in donation bodies, as the donation sample does, and not in person bodies', () => {
    // Donation sample: { "nation_slug": "foobar", "payload": { "donation": … }, "token": "sharedsecret" }
    expect(parseBody(nationBuilderFormat.buildRequest(makeInput('donation.cancelled')))).toMatchObject({ nation_slug: 'foobar', token: 'sharedsecret' });
    // Person sample: { "token": "sharedsecret", "payload": { "signup": … } }
    expect(parseBody(nationBuilderFormat.buildRequest(makeInput('person.updated')))).not.toHaveProperty('nation_slug');
  });

  it('stores the request with the token masked, and sends the real one', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('donation.created', { sharedToken: 'nb-token-42' }));
    expect(parseBody(request).token).toBe('nb-token-42');
    expect(request.storedBody).toBeDefined();
    expect(request.storedBody).not.toContain('nb-token-42');
    const stored = JSON.parse(request.storedBody!) as Record<string, unknown>;
    expect(stored.token).toMatch(/^•+$/);
    expect(stored.payload).toEqual(parseBody(request).payload);
  });
});

// ---------------------------------------------------------------------------
// Kajabi

describe('kajabi format', () => {
  it('sends tag_added as { id, event, payload } with the tag as the resource', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_added'));
    const body = parseBody(request);
    // "The actual payloads are sent … with the following JSON body: { "id": "hash_id", "event": "tag_added", "payload": [] }"
    expect(Object.keys(body).sort()).toEqual(['event', 'id', 'payload']);
    // "The event is the type of event that triggered the webhook."
    expect(body.event).toBe('tag_added');
    // "The id is the ID of the resource that triggered the event." / resource_id: "for example the id of the Contact Tag"
    expect(body.id).toBe('123');
    // "The payload is the actual payload of the event and the content will be similar to the sample payloads above."
    expect(body.payload).toEqual(sample('contact.tag_added'));
    expect(header(request, 'Content-Type')).toBe('application/json');
  });

  it('uses the resource id the event was emitted with', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_removed', { event: { resourceId: '2212' } }));
    // "The id is the ID of the resource that triggered the event." "tag_removed | Tag is removed from a contact"
    expect(parseBody(request)).toMatchObject({ id: '2212', event: 'tag_removed' });
  });

  it('maps every Kajabi event to its seed name and resource', () => {
    const expected: [string, string, string][] = [
      // "purchase | Customer makes a purchase"
      ['purchase.created', 'purchase', '4410236'],
      // "payment_succeeded | Payment transaction completes successfully"
      ['payment.succeeded', 'payment_succeeded', '77031906'],
      // "order_created | New order is created"
      ['order.created', 'order_created', '601877'],
      // "form_submission | Someone submits a form"
      ['form.submitted', 'form_submission', '20417'],
      // No Kajabi name: the catalog name, and the donation as the resource (as ingestion derives it).
      ['donation.created', 'donation.created', '87'],
    ];
    for (const [canonical, seedName, resourceId] of expected) {
      const body = parseBody(kajabiFormat.buildRequest(makeInput(canonical)));
      expect(body, canonical).toEqual({ id: resourceId, event: seedName, payload: sample(canonical) });
    }
  });

  it('adds no Authorization header itself (the delivery code adds the API token, when set)', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_added'));
    // Kajabi: "Bearer authentication header of the form Bearer <token>" is only sent when the admin set a token.
    expect(header(request, 'Authorization')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// CharityStack

const FIVE_MINUTES = 5 * 60;

/** A receiver written from CharityStack's webhook verification guide, which the seed points to. */
function receiveCharityStack(request: WireRequest, secret: string, nowSeconds: number) {
  // "Extract X-Webhook-Signature and X-Webhook-Timestamp from the incoming request headers."
  const signature = header(request, 'X-Webhook-Signature') ?? '';
  const timestamp = header(request, 'X-Webhook-Timestamp') ?? '';
  // "signed_string = timestamp + "." + raw_body"; "Compute an HMAC-SHA256 of the signed string using
  // your webhook secret as the key, then hex-encode the result."; "Prefix your computed digest with sha256="
  const expected = `sha256=${hexHmacSha256(secret, `${timestamp}.${request.body}`)}`;
  // "Verify that the timestamp is within 5 minutes of your server's current time."
  const fresh = Math.abs(nowSeconds - Number(timestamp)) <= FIVE_MINUTES;
  return {
    signature,
    timestamp,
    deliveryId: header(request, 'X-Webhook-ID'),
    verified: constantTimeEqual(signature, expected) && fresh,
    payload: parseBody(request),
  };
}

describe('charitystack format', () => {
  it('sends donation.created signed over timestamp.body', () => {
    const request = charityStackFormat.buildRequest(makeInput('donation.created'));
    const received = receiveCharityStack(request, SECRET, NOW + 2);
    // Seed: "a one-time secret used to verify the HMAC-SHA256 signature on every delivery"; guide:
    // "X-Webhook-Signature | HMAC-SHA256 signature in the format sha256=<hex_digest>"
    expect(received.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(received.verified).toBe(true);
    // "X-Webhook-Timestamp | Unix timestamp (seconds) of when the request was signed"
    expect(received.timestamp).toBe(String(NOW));
    // "X-Webhook-ID | Unique delivery identifier for this event"
    expect(received.deliveryId).toBe(DELIVERY_ID);
    // Seed, request headers of its API: "Content-Type | Must be application/json."
    expect(header(request, 'Content-Type')).toBe('application/json');
    expect(received.payload).toEqual({
      id: EVENT_ID,
      // Seed event table: "donation.created | A new donation is received"
      event: 'donation.created',
      // Seed: "createdAt | integer | Unix timestamp (seconds)" (CharityStack's time format)
      createdAt: Math.floor(EVENT_CREATED_AT.getTime() / 1000),
      data: sample('donation.created'),
    });
  });

  it('keeps CharityStack event names', () => {
    // Seed event table: subscription.created, subscription.payment_method_updated, contact.created, form.updated, …
    for (const type of ['subscription.created', 'subscription.payment_method_updated', 'contact.updated', 'form.updated']) {
      const received = receiveCharityStack(charityStackFormat.buildRequest(makeInput(type)), SECRET, NOW);
      expect(received.payload.event, type).toBe(type);
      expect(received.payload.data, type).toEqual(sample(type));
      expect(received.verified, type).toBe(true);
    }
  });

  it('signs every retry with its own time, so the 5-minute check passes, over the same body', () => {
    const first = charityStackFormat.buildRequest(makeInput('contact.created', { attempt: 1, timestamp: NOW }));
    const later = NOW + 2 * 3_600;
    const retry = charityStackFormat.buildRequest(makeInput('contact.created', { attempt: 4, timestamp: later }));
    // "Reject requests with timestamps that are too old to protect against replay attacks."
    expect(receiveCharityStack(retry, SECRET, later).verified).toBe(true);
    expect(receiveCharityStack(first, SECRET, later).verified).toBe(false);
    // "X-Webhook-ID | Unique delivery identifier for this event": the same delivery, so receivers can dedupe.
    expect(header(retry, 'X-Webhook-ID')).toBe(header(first, 'X-Webhook-ID'));
    expect(retry.body).toBe(first.body);
  });

  it('fails verification for a tampered body or another secret', () => {
    const request = charityStackFormat.buildRequest(makeInput('donation.updated'));
    // "the payload was not modified in transit"
    const tampered = { ...request, body: request.body.replace('2020', '9999') };
    expect(receiveCharityStack(tampered, SECRET, NOW).verified).toBe(false);
    expect(receiveCharityStack(request, PREVIOUS_SECRET, NOW).verified).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Every format, every catalog sample

const SEED_FORMATS: WireFormat[] = [siteStackerFormat, webconnexFormat, nationBuilderFormat, kajabiFormat, charityStackFormat];
const MAX_BODY_BYTES = 256 * 1024;

describe('every seed format', () => {
  it('posts JSON of at most 256 KB for every catalog event', () => {
    for (const format of SEED_FORMATS) {
      for (const type of EVENT_TYPE_NAMES) {
        const request = format.buildRequest(makeInput(type));
        // SPEC §4: "an HTTP POST with Content-Type: application/json, a body of at most 256 KB"
        expect(header(request, 'Content-Type'), `${format.name} ${type}`).toBe('application/json');
        expect(() => JSON.parse(request.body), `${format.name} ${type}`).not.toThrow();
        expect(Buffer.byteLength(request.body), `${format.name} ${type}`).toBeLessThanOrEqual(MAX_BODY_BYTES);
      }
    }
  });

  it('is registered under the names the webhook settings accept', async () => {
    // Imported lazily: the registry also loads `standard`, whose signing module lives elsewhere.
    const { getWireFormat } = await import('./index');
    for (const name of WEBHOOK_FORMATS) expect(getWireFormat(name).name).toBe(name);
    expect(getWireFormat('unknown').name).toBe('standard');
  });
});
