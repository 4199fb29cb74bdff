import { EVENT_GROUP_PATTERNS, EVENT_GROUP_SCOPES, groupOfPattern, type EventGroup, type EventScope } from './groups';

// The names of the event catalog, their groups, labels and descriptions:
// everything the console shows about an event type. Browser-safe on purpose: no zod
// schemas and no samples here (those are server-side, in ./definitions); a client
// component that needs a sample asks GET /api/v1/event-types/{type}/sample.

export { EVENT_GROUPS, EVENT_GROUP_PATTERNS, EVENT_GROUP_SCOPES, groupOfPattern, isGroupPattern, type EventGroup, type EventScope } from './groups';

export const EVENT_TYPE_NAME_LIST = [
  'donation.created',
  'donation.updated',
  'donation.cancelled',
  'person.created',
  'person.updated',
  'person.contacted',
  'person.type_assigned',
  'contact.created',
  'contact.updated',
  'contact.tag_added',
  'contact.tag_removed',
  'subscription.created',
  'subscription.updated',
  'subscription.cancelled',
  'subscription.payment_method_updated',
  'subscription.processed',
  'registration.created',
  'registration.cancelled',
  'registrant.updated',
  'registrant.cancelled',
  'ticket.updated',
  'ticket.cancelled',
  'form.created',
  'form.updated',
  'form.published',
  'form.submitted',
  'purchase.created',
  'order.created',
  'payment.succeeded',
  'inventory.threshold_reached',
  'coupon.created',
  'coupon.updated',
  'coupon.redeemed',
  'sms_donation.created',
  'ping',
  'webhook.disabled',
  'webhook.failing',
] as const;

export type EventTypeName = (typeof EVENT_TYPE_NAME_LIST)[number];

export const EVENT_TYPE_NAMES: string[] = [...EVENT_TYPE_NAME_LIST];

export const WILDCARD = '*';

/** What the console shows of an event type; the full definition adds its schema and sample. */
export type EventTypeSummary = {
  name: EventTypeName;
  group: EventGroup;
  /** Short human label for the console ("Donation created", "Registration"). */
  label: string;
  description: string;
  scope: EventScope;
};

// Webconnex names its inventory events by these thresholds (inventory_80 …).
export const INVENTORY_THRESHOLDS = [80, 90, 100] as const;
export type InventoryThreshold = (typeof INVENTORY_THRESHOLDS)[number];

const SUMMARIES: { [Name in EventTypeName]: Omit<EventTypeSummary, 'name' | 'scope'> } = {
  'donation.created': {
    group: 'donations',
    label: 'Donation created',
    description:
      'A donation succeeded (NationBuilder "Donation success", Site Stacker contribution_create). Site Stacker receivers need data.contribution_batch_id and NationBuilder receivers data.donation: an event lacking the one a subscribed webhook\'s format needs is refused (400).',
  },
  'donation.updated': {
    group: 'donations',
    label: 'Donation updated',
    description: "A donation changed, for example its status or its donor's details.",
  },
  'donation.cancelled': {
    group: 'donations',
    label: 'Donation cancelled',
    description: 'A donation was cancelled or refunded.',
  },
  'person.created': {
    group: 'people',
    label: 'Person created',
    description: 'A person record was created (a signup).',
  },
  'person.updated': {
    group: 'people',
    label: 'Person updated',
    description: "A person record's details changed.",
  },
  'person.contacted': {
    group: 'people',
    label: 'Person contacted',
    description: 'A contact with a person was logged (a call, a meeting, a thank-you).',
  },
  'person.type_assigned': {
    group: 'people',
    label: 'Person type assigned',
    description: 'A person type (such as Donor) was assigned to a person, for example when a new donor appears.',
  },
  'contact.created': {
    group: 'contacts',
    label: 'Contact created',
    description: 'A new contact was added.',
  },
  'contact.updated': {
    group: 'contacts',
    label: 'Contact updated',
    description: "A contact's information was updated.",
  },
  'contact.tag_added': {
    group: 'contacts',
    label: 'Tag added',
    description: 'A tag was added to a contact. The tag id is the resource id, so a webhook can follow one tag.',
  },
  'contact.tag_removed': {
    group: 'contacts',
    label: 'Tag removed',
    description: 'A tag was removed from a contact. The tag id is the resource id.',
  },
  'subscription.created': {
    group: 'subscriptions',
    label: 'Subscription created',
    description: 'A new recurring subscription started.',
  },
  'subscription.updated': {
    group: 'subscriptions',
    label: 'Subscription updated',
    description: 'A subscription was modified, for example its amount or schedule.',
  },
  'subscription.cancelled': {
    group: 'subscriptions',
    label: 'Subscription cancelled',
    description: 'A subscription was cancelled; no further payments will be taken.',
  },
  'subscription.payment_method_updated': {
    group: 'subscriptions',
    label: 'Subscription payment method updated',
    description: "A subscription's payment method was updated through a hosted update link.",
  },
  'subscription.processed': {
    group: 'subscriptions',
    label: 'Subscription processed',
    description: 'A subscription payment or a final deposit was paid (Webconnex "Subscription/Deposit Processed").',
  },
  'registration.created': {
    group: 'registrations',
    label: 'Registration',
    description: 'A registrant submitted a new registration (or order) on a form.',
  },
  'registration.cancelled': {
    group: 'registrations',
    label: 'Registration cancelled',
    description: 'A whole registration (the order, with all its registrants and tickets) was cancelled. Webconnex sends it as cancel_order.',
  },
  'registrant.updated': {
    group: 'registrations',
    label: 'Registrant edited',
    description: "A registrant's details were edited.",
  },
  'registrant.cancelled': {
    group: 'registrations',
    label: 'Registrant cancelled',
    description: 'A registrant was cancelled.',
  },
  'ticket.updated': {
    group: 'registrations',
    label: 'Ticket edited',
    description: 'A ticket was edited, for example its attendee or selected date.',
  },
  'ticket.cancelled': {
    group: 'registrations',
    label: 'Ticket cancelled',
    description: 'A ticket was cancelled.',
  },
  'form.created': {
    group: 'forms',
    label: 'Form created',
    description: 'A new donation or registration form was created.',
  },
  'form.updated': {
    group: 'forms',
    label: 'Form updated',
    description: "A form's configuration changed.",
  },
  'form.published': {
    group: 'forms',
    label: 'Form publish',
    description: 'A form was published, whether new or updated.',
  },
  'form.submitted': {
    group: 'forms',
    label: 'Form submission',
    description: 'Someone submitted a form.',
  },
  'purchase.created': {
    group: 'commerce',
    label: 'Purchase',
    description: 'A customer made a purchase of an offer.',
  },
  'order.created': {
    group: 'commerce',
    label: 'Order created',
    description: 'A new order was created.',
  },
  'payment.succeeded': {
    group: 'commerce',
    label: 'Payment succeeded',
    description: 'A payment transaction completed successfully.',
  },
  'inventory.threshold_reached': {
    group: 'inventory',
    label: 'Inventory supply',
    description: 'An inventory item reached 80 %, 90 % or 100 % of its capacity sold (data.threshold).',
  },
  'coupon.created': {
    group: 'coupons',
    label: 'Coupon created',
    description: 'A coupon was created.',
  },
  'coupon.updated': {
    group: 'coupons',
    label: 'Coupon updated',
    description: 'A coupon was edited.',
  },
  'coupon.redeemed': {
    group: 'coupons',
    label: 'Coupon redeemed',
    description: 'A coupon code was redeemed on an order.',
  },
  'sms_donation.created': {
    group: 'sms',
    label: 'SMS donation',
    description: 'A follow-up text-to-give donation was created (the first one arrives as a registration).',
  },
  ping: {
    group: 'system',
    label: 'Ping',
    description: "Sent when a webhook is created, to confirm it is set up; data is the webhook's configuration.",
  },
  'webhook.disabled': {
    group: 'system',
    label: 'Webhook disabled',
    description: 'A webhook was turned off by Tidings after failing repeatedly; an admin can re-enable it.',
  },
  'webhook.failing': {
    group: 'system',
    label: 'Webhook failing',
    description:
      'A webhook has failed every delivery for 1 hour, 24 hours and then 72 hours (one event each): it will be disabled at disableAt unless a delivery succeeds.',
  },
};

/** Every event type in catalog order. */
export const EVENT_TYPE_SUMMARIES: readonly EventTypeSummary[] = EVENT_TYPE_NAME_LIST.map((name) => ({
  name,
  ...SUMMARIES[name],
  scope: EVENT_GROUP_SCOPES[SUMMARIES[name].group],
}));

const SUMMARIES_BY_NAME: ReadonlyMap<string, EventTypeSummary> = new Map(
  EVENT_TYPE_SUMMARIES.map((summary) => [summary.name, summary]),
);

export function isEventType(name: string): name is EventTypeName {
  return SUMMARIES_BY_NAME.has(name);
}

export function getEventTypeSummary(name: string): EventTypeSummary | undefined {
  return SUMMARIES_BY_NAME.get(name);
}

// A ping goes to one new webhook (or a "Send a test"), never to other subscribers,
// so neither an explicit subscription nor the wildcard selects it.
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = EVENT_TYPE_NAME_LIST.filter((name) => name !== 'ping');

/**
 * The entries of a webhook's `events` that select an event of `type` in `group`: its own
 * name and its group's pattern (`*` aside). The group comes from the catalog when the
 * event is delivered, so a pattern also selects types added to its group later.
 */
export function subscriptionEntriesFor(type: string, group: EventGroup): [string, string] {
  return [type, EVENT_GROUP_PATTERNS[group]];
}

/**
 * Whether a webhook subscribed to `events` (names, `group.*` patterns or `["*"]`) receives
 * an event of `type`. `group` defaults to the catalog's; pass it for a type the catalog
 * does not list (yet).
 */
export function isSubscribedTo(events: readonly string[], type: string, group: EventGroup | undefined = getEventTypeSummary(type)?.group): boolean {
  if (type === 'ping' || !group) return false;
  if (events.includes(WILDCARD)) return true;
  return subscriptionEntriesFor(type, group).some((entry) => events.includes(entry));
}

/** The canonical form of a known pattern (`donations.*` → `donation.*`); other entries unchanged. */
export function canonicalSubscriptionEntry(entry: string): string {
  const group = groupOfPattern(entry);
  return group ? EVENT_GROUP_PATTERNS[group] : entry;
}
