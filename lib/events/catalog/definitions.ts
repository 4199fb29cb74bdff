// Server code and tests only: the console imports ./names (labels, no schemas or samples);
// lib/events/catalog/browser-imports.test.ts keeps it that way.
import type { z } from 'zod';
import { EVENT_TYPE_SUMMARIES, type EventTypeName, type EventTypeSummary } from './names';
import { ZOrderData, ZPaymentSucceededData, ZPurchaseData } from './schemas/commerce';
import { ZContactEventData, ZContactTagEventData } from './schemas/contacts';
import { ZCoupon } from './schemas/coupons';
import { ZDonationCreatedData, ZDonationEventData } from './schemas/donations';
import { ZForm, ZFormSubmittedData } from './schemas/forms';
import { ZInventoryData } from './schemas/inventory';
import { ZPersonContactedData, ZPersonEventData, ZPersonTypeAssignedData } from './schemas/people';
import { ZRegistrant, ZRegistrationData, ZTicket } from './schemas/registrations';
import { ZSmsDonationData } from './schemas/sms';
import { ZSubscriptionEventData, ZSubscriptionProcessedData } from './schemas/subscriptions';
import { ZPingData, ZWebhookDisabledData, ZWebhookFailingData } from './schemas/system';
import donationCreated from './samples/donation.created.json' with { type: 'json' };
import donationUpdated from './samples/donation.updated.json' with { type: 'json' };
import donationCancelled from './samples/donation.cancelled.json' with { type: 'json' };
import personCreated from './samples/person.created.json' with { type: 'json' };
import personUpdated from './samples/person.updated.json' with { type: 'json' };
import personContacted from './samples/person.contacted.json' with { type: 'json' };
import personTypeAssigned from './samples/person.type_assigned.json' with { type: 'json' };
import contactCreated from './samples/contact.created.json' with { type: 'json' };
import contactUpdated from './samples/contact.updated.json' with { type: 'json' };
import contactTagAdded from './samples/contact.tag_added.json' with { type: 'json' };
import contactTagRemoved from './samples/contact.tag_removed.json' with { type: 'json' };
import subscriptionCreated from './samples/subscription.created.json' with { type: 'json' };
import subscriptionUpdated from './samples/subscription.updated.json' with { type: 'json' };
import subscriptionCancelled from './samples/subscription.cancelled.json' with { type: 'json' };
import subscriptionPaymentMethodUpdated from './samples/subscription.payment_method_updated.json' with { type: 'json' };
import subscriptionProcessed from './samples/subscription.processed.json' with { type: 'json' };
import registrationCreated from './samples/registration.created.json' with { type: 'json' };
import registrationCancelled from './samples/registration.cancelled.json' with { type: 'json' };
import registrantUpdated from './samples/registrant.updated.json' with { type: 'json' };
import registrantCancelled from './samples/registrant.cancelled.json' with { type: 'json' };
import ticketUpdated from './samples/ticket.updated.json' with { type: 'json' };
import ticketCancelled from './samples/ticket.cancelled.json' with { type: 'json' };
import formCreated from './samples/form.created.json' with { type: 'json' };
import formUpdated from './samples/form.updated.json' with { type: 'json' };
import formPublished from './samples/form.published.json' with { type: 'json' };
import formSubmitted from './samples/form.submitted.json' with { type: 'json' };
import purchaseCreated from './samples/purchase.created.json' with { type: 'json' };
import orderCreated from './samples/order.created.json' with { type: 'json' };
import paymentSucceeded from './samples/payment.succeeded.json' with { type: 'json' };
import inventoryThresholdReached from './samples/inventory.threshold_reached.json' with { type: 'json' };
import couponCreated from './samples/coupon.created.json' with { type: 'json' };
import couponUpdated from './samples/coupon.updated.json' with { type: 'json' };
import couponRedeemed from './samples/coupon.redeemed.json' with { type: 'json' };
import smsDonationCreated from './samples/sms_donation.created.json' with { type: 'json' };
import ping from './samples/ping.json' with { type: 'json' };
import webhookDisabled from './samples/webhook.disabled.json' with { type: 'json' };
import webhookFailing from './samples/webhook.failing.json' with { type: 'json' };

// The full event catalog (docs/architecture.md#event-catalog): every event type with what its data looks like and a
// realistic example. Server-side (the API, the worker, tests): it carries every zod schema
// and sample, so browser code imports ./names instead (`server-only` makes the build fail
// if a client component imports this file).
//
// Each event's `data` keeps the shape of the seed payload it comes from
// (NationBuilder's `{ donation }` / `{ signup }`, Webconnex's flat data objects,
// Site Stacker's ids, Kajabi's resource attributes), so a seed-compatible wire
// format only has to wrap `data` in its envelope, never reshape it. The samples are data,
// one JSON file per event type in ./samples, taken from the seeds' documented payloads
// (trimmed to meaningful fields); every sample is checked against its own schema in
// lib/events/catalog.test.ts.

export type EventTypeDefinition = EventTypeSummary & {
  /** Validates the event's `data`; unknown fields are kept, the platform may send more than we document. */
  schema: z.ZodType<Record<string, unknown>>;
  /** A fresh deep copy on every call, so callers may mutate what they get. */
  sample: () => Record<string, unknown>;
};

const SCHEMAS_AND_SAMPLES: {
  [Name in EventTypeName]: { schema: z.ZodType<Record<string, unknown>>; sample: Record<string, unknown> };
} = {
  'donation.created': { schema: ZDonationCreatedData, sample: donationCreated },
  'donation.updated': { schema: ZDonationEventData, sample: donationUpdated },
  'donation.cancelled': { schema: ZDonationEventData, sample: donationCancelled },
  'person.created': { schema: ZPersonEventData, sample: personCreated },
  'person.updated': { schema: ZPersonEventData, sample: personUpdated },
  'person.contacted': { schema: ZPersonContactedData, sample: personContacted },
  'person.type_assigned': { schema: ZPersonTypeAssignedData, sample: personTypeAssigned },
  'contact.created': { schema: ZContactEventData, sample: contactCreated },
  'contact.updated': { schema: ZContactEventData, sample: contactUpdated },
  'contact.tag_added': { schema: ZContactTagEventData, sample: contactTagAdded },
  'contact.tag_removed': { schema: ZContactTagEventData, sample: contactTagRemoved },
  'subscription.created': { schema: ZSubscriptionEventData, sample: subscriptionCreated },
  'subscription.updated': { schema: ZSubscriptionEventData, sample: subscriptionUpdated },
  'subscription.cancelled': { schema: ZSubscriptionEventData, sample: subscriptionCancelled },
  'subscription.payment_method_updated': { schema: ZSubscriptionEventData, sample: subscriptionPaymentMethodUpdated },
  'subscription.processed': { schema: ZSubscriptionProcessedData, sample: subscriptionProcessed },
  'registration.created': { schema: ZRegistrationData, sample: registrationCreated },
  'registration.cancelled': { schema: ZRegistrationData, sample: registrationCancelled },
  'registrant.updated': { schema: ZRegistrant, sample: registrantUpdated },
  'registrant.cancelled': { schema: ZRegistrant, sample: registrantCancelled },
  'ticket.updated': { schema: ZTicket, sample: ticketUpdated },
  'ticket.cancelled': { schema: ZTicket, sample: ticketCancelled },
  'form.created': { schema: ZForm, sample: formCreated },
  'form.updated': { schema: ZForm, sample: formUpdated },
  'form.published': { schema: ZForm, sample: formPublished },
  'form.submitted': { schema: ZFormSubmittedData, sample: formSubmitted },
  'purchase.created': { schema: ZPurchaseData, sample: purchaseCreated },
  'order.created': { schema: ZOrderData, sample: orderCreated },
  'payment.succeeded': { schema: ZPaymentSucceededData, sample: paymentSucceeded },
  'inventory.threshold_reached': { schema: ZInventoryData, sample: inventoryThresholdReached },
  'coupon.created': { schema: ZCoupon, sample: couponCreated },
  'coupon.updated': { schema: ZCoupon, sample: couponUpdated },
  'coupon.redeemed': { schema: ZCoupon, sample: couponRedeemed },
  'sms_donation.created': { schema: ZSmsDonationData, sample: smsDonationCreated },
  ping: { schema: ZPingData, sample: ping },
  'webhook.disabled': { schema: ZWebhookDisabledData, sample: webhookDisabled },
  'webhook.failing': { schema: ZWebhookFailingData, sample: webhookFailing },
};

export const EVENT_CATALOG: readonly EventTypeDefinition[] = EVENT_TYPE_SUMMARIES.map((summary) => {
  const { schema, sample } = SCHEMAS_AND_SAMPLES[summary.name];
  return { ...summary, schema, sample: () => structuredClone(sample) };
});

const EVENT_TYPES_BY_NAME: ReadonlyMap<string, EventTypeDefinition> = new Map(
  EVENT_CATALOG.map((definition) => [definition.name, definition]),
);

export function getEventType(name: string): EventTypeDefinition | undefined {
  return EVENT_TYPES_BY_NAME.get(name);
}
