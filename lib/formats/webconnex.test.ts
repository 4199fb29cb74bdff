import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_NUMBER,
  constantTimeEqual,
  DELIVERY_ID,
  EVENT_NUMBER,
  header,
  hexHmacSha256,
  makeInput,
  NOW,
  parseBody,
  sample,
  SECRET,
} from '../../tests/support/format-requests';
import { webconnexFormat } from './webconnex';
import type { WireRequest } from './wire-format';

// Each block checks a request the way a receiver written from the seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (with node:crypto, never with the format's own helpers: see
// tests/support/format-requests.ts) and reads the body fields the seed documents. The
// comment on each assertion quotes the seed.

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
      // "X-Webconnex-Event | Event types being sent ie.. registration, edit_registrant, cancel_order":
      // the registration (the order) cancelled as a whole.
      ['registration.cancelled', 'cancel_order'],
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
    // "formId | integer | Id of the form" on every notification: a global coupon has no form,
    // and gets the documented fallback 0, an integer that is no form's id.
    const globalCoupon = webconnexFormat.buildRequest(makeInput('coupon.created', { data: { ...sample('coupon.created'), formId: null } }));
    expect(parseBody(globalCoupon).formId).toBe(0);
    // Inventory data: "formLookupId | int | Id of the form used for requesting when calling from the public api".
    expect(parseBody(webconnexFormat.buildRequest(makeInput('inventory.threshold_reached'))).formId).toBe(482913);
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

  it('never sends a Tidings form id, nor a null, as formId: 0 when the platform gave no numeric id', () => {
    // "formId | integer | Id of the form"
    const tidingsOnly = webconnexFormat.buildRequest(makeInput('registration.created', { event: { formId: 'form_01hx4q0a1b2c' } }));
    expect(parseBody(tidingsOnly).formId).toBe(0);
    const numericString = webconnexFormat.buildRequest(makeInput('sms_donation.created', { event: { formId: '77', platformFormId: '77' } }));
    expect(parseBody(numericString).formId).toBe(77);
    // "customerId | integer | Id of the customer", whatever JSON type the platform used.
    const stringCustomer = webconnexFormat.buildRequest(makeInput('registration.created', { data: { ...sample('registration.created'), customerId: '845123' } }));
    expect(parseBody(stringCustomer).customerId).toBe(845123);
    expect((parseBody(stringCustomer).data as { customerId: unknown }).customerId).toBe(845123);
    // A registration without a customer: "customerId | integer" in the payload and the data
    // table alike, so the documented fallback 0 in both, never a null or a missing key.
    const { customerId: _none, ...guest } = sample('registration.created');
    const guestBody = parseBody(webconnexFormat.buildRequest(makeInput('registration.created', { data: guest })));
    expect(guestBody.customerId).toBe(0);
    expect((guestBody.data as { customerId: unknown }).customerId).toBe(0);
    // An event the document does not describe carries customerId only when it is an integer.
    const contact = parseBody(webconnexFormat.buildRequest(makeInput('contact.created', { data: { ...sample('contact.created'), customerId: 'cus_9' } })));
    expect(contact).not.toHaveProperty('customerId');
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
