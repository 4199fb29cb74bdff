import { INVENTORY_THRESHOLDS, type EventTypeName, type InventoryThreshold } from './catalog/names';

// How each seed document names the catalog's events. Seed-compatible wire formats
// use it to send the name a receiver written for that seed expects
// (`SiteStacker-Event: contribution_create`, `"eventType": "inventory_90"`), and
// inbound code can use it to accept a seed's name for a canonical one.

export const SEEDS = ['sitestacker', 'nationbuilder', 'kajabi', 'webconnex', 'charitystack'] as const;
export type Seed = (typeof SEEDS)[number];

export type SeedEventName = {
  seed: Seed;
  /** The name exactly as the seed spells it (NationBuilder only has prose, see below). */
  name: string;
  /** The catalog entry this name is read as. */
  canonical: EventTypeName;
  /** Further catalog entries this seed also sends under the same name (Webconnex "coupon"). */
  alsoCovers?: readonly EventTypeName[];
  /** For one canonical event that the seed splits by data: which threshold this name stands for. */
  threshold?: InventoryThreshold;
  /** Read-only alias: accepted as input, never produced, because another name is the seed's usual one. */
  alias?: true;
  /** The seed sentence or table row the name comes from. */
  source: string;
  note?: string;
};

export const SEED_EVENT_NAMES: readonly SeedEventName[] = [
  // Site Stacker. The wildcard `*` in its event table is a subscription pattern, not an event.
  {
    seed: 'sitestacker',
    name: 'contribution_create',
    canonical: 'donation.created',
    source: 'contribution_create | Any time a contribution is created.',
    note: 'The data carries contribution_batch_id, which is all Site Stacker sends.',
  },
  {
    seed: 'sitestacker',
    name: 'person_type_assignment',
    canonical: 'person.type_assigned',
    source: 'person_type_assignment | Any time a person type is assigned to a person.',
  },
  {
    seed: 'sitestacker',
    name: 'ping',
    canonical: 'ping',
    source: "When you create a new webhook, we'll send you a simple `ping` event to let you know you've set up the webhook correctly.",
  },

  // NationBuilder lists its events in prose and sends no event name on the wire;
  // these snake-case names are ours, derived from that list.
  {
    seed: 'nationbuilder',
    name: 'donation_succeeded',
    canonical: 'donation.created',
    source: '* Donation success',
    note: 'A NationBuilder donation webhook fires when the donation succeeds, which is when Tidings creates it.',
  },
  { seed: 'nationbuilder', name: 'donation_updated', canonical: 'donation.updated', source: '* Donation update' },
  { seed: 'nationbuilder', name: 'donation_cancelled', canonical: 'donation.cancelled', source: '* Donation cancellation' },
  { seed: 'nationbuilder', name: 'person_created', canonical: 'person.created', source: '* Person creation' },
  { seed: 'nationbuilder', name: 'person_updated', canonical: 'person.updated', source: '* Person update' },
  { seed: 'nationbuilder', name: 'person_contacted', canonical: 'person.contacted', source: '* Person contact' },

  // Kajabi.
  {
    seed: 'kajabi',
    name: 'purchase',
    canonical: 'purchase.created',
    source: 'purchase | Customer makes a purchase | view:purchases',
    note: 'Kajabi asks for view:purchases; Tidings also lets its commerce scope view:transactions reach it (lib/auth/event-scopes.ts).',
  },
  {
    seed: 'kajabi',
    name: 'payment_succeeded',
    canonical: 'payment.succeeded',
    source: 'payment_succeeded | Payment transaction completes successfully | view:transactions',
  },
  {
    seed: 'kajabi',
    name: 'order_created',
    canonical: 'order.created',
    source: 'order_created | New order is created | view:transactions , view:orders',
  },
  {
    seed: 'kajabi',
    name: 'form_submission',
    canonical: 'form.submitted',
    source: 'form_submission | Someone submits a form | view:form_submissions',
    note: 'Kajabi asks for view:form_submissions; Tidings also lets its forms scope view:forms reach it (lib/auth/event-scopes.ts).',
  },
  {
    seed: 'kajabi',
    name: 'tag_added',
    canonical: 'contact.tag_added',
    source: 'tag_added | Tag is added to a contact | view:contacts',
  },
  {
    seed: 'kajabi',
    name: 'tag_removed',
    canonical: 'contact.tag_removed',
    source: 'tag_removed | Tag is removed from a contact | view:contacts',
  },

  // Webconnex.
  {
    seed: 'webconnex',
    name: 'registration',
    canonical: 'registration.created',
    source: 'eventType | string | registration (Registration Notification: fired whenever a successful registration has occurred)',
  },
  {
    seed: 'webconnex',
    name: 'publish',
    canonical: 'form.published',
    source: 'eventType | string | The event type - "publish" (Form Publish Notification)',
  },
  {
    seed: 'webconnex',
    name: 'subscription',
    canonical: 'subscription.processed',
    source: 'eventType | string | The event type - "subscription" (fired whenever a successful subscription or deposit has been completed)',
    note: 'Webconnex "subscription" is a processed payment, not a new subscription: subscription.created has no Webconnex name.',
  },
  {
    seed: 'webconnex',
    name: 'sms',
    canonical: 'sms_donation.created',
    source: 'eventType | string | The event type - "sms" (Reoccurring SMS Donation Notification (Beta))',
  },
  ...INVENTORY_THRESHOLDS.map(
    (threshold): SeedEventName => ({
      seed: 'webconnex',
      name: webconnexInventoryEventName(threshold),
      canonical: 'inventory.threshold_reached',
      threshold,
      source: 'eventType | string | The event type - "inventory_80", "inventory_90", "inventory_100"',
      note: `Tidings keeps one event type and puts ${threshold} in data.threshold.`,
    }),
  ),
  {
    seed: 'webconnex',
    name: 'coupon',
    canonical: 'coupon.created',
    alsoCovers: ['coupon.updated', 'coupon.redeemed'],
    source: 'eventType | string | The event type - "coupon" (fired whenever coupon is created, updated or redeemed)',
    note: 'One Webconnex name for three catalog events; read as coupon.created, and all three are sent as "coupon".',
  },
  {
    seed: 'webconnex',
    name: 'edit_registrant',
    canonical: 'registrant.updated',
    source: 'eventType | string | edit_registrant/cancel_registrant',
  },
  {
    seed: 'webconnex',
    name: 'cancel_registrant',
    canonical: 'registrant.cancelled',
    source: 'eventType | string | edit_registrant/cancel_registrant',
  },
  {
    seed: 'webconnex',
    name: 'edit_ticket',
    canonical: 'ticket.updated',
    source: 'eventType | string | edit_ticket/cancel_ticket',
  },
  {
    seed: 'webconnex',
    name: 'cancel_ticket',
    canonical: 'ticket.cancelled',
    source: 'eventType | string | edit_ticket/cancel_ticket',
  },
  {
    seed: 'webconnex',
    name: 'cancel_order',
    canonical: 'registration.cancelled',
    source: 'X-Webconnex-Event | Event types being sent ie.. registration, edit_registrant, cancel_order, etc...',
    note: 'Named only in the header example, beside registration and edit_registrant, with no table of its own. An order is what a registration is in the document (orderNumber, "orderStatus | Status of the order"), so a registration cancelled as a whole goes out as cancel_order, its data the registration\'s; one registrant cancelled is cancel_registrant.',
  },

  // CharityStack already uses the canonical names.
  ...(
    [
      ['donation.created', 'A new donation is received'],
      ['donation.updated', 'A donation’s status changes'],
      ['subscription.created', 'A new recurring subscription starts'],
      ['subscription.updated', 'A subscription is modified'],
      ['subscription.cancelled', 'A subscription is cancelled'],
      ['subscription.payment_method_updated', 'A subscription payment method is updated through a hosted update link'],
      ['contact.created', 'A new contact is added'],
      ['contact.updated', 'A contact’s information is updated'],
      ['form.created', 'A new donation form is created'],
      ['form.updated', 'A form’s configuration changes'],
    ] as const
  ).map(
    ([name, triggeredWhen]): SeedEventName => ({
      seed: 'charitystack',
      name,
      canonical: name,
      source: `${name} | ${triggeredWhen}`,
    }),
  ),
];

export function webconnexInventoryEventName(threshold: InventoryThreshold): string {
  return `inventory_${threshold}`;
}

/**
 * The name `seed` uses for the catalog event `canonical`, or undefined when the seed has
 * none (formats then send the canonical name). Webconnex splits inventory.threshold_reached
 * by threshold, so that one needs the event's data.
 */
export function seedEventName(seed: Seed, canonical: string, data?: unknown): string | undefined {
  const candidates = SEED_EVENT_NAMES.filter(
    (entry) =>
      entry.seed === seed &&
      !entry.alias &&
      (entry.canonical === canonical || (entry.alsoCovers ?? []).some((covered) => covered === canonical)),
  );
  if (candidates.length <= 1) return candidates[0]?.name;
  // Event data is stored as JSON, so it arrives untyped.
  const threshold = typeof data === 'object' && data !== null ? (data as { threshold?: unknown }).threshold : undefined;
  return candidates.find((entry) => entry.threshold !== undefined && entry.threshold === threshold)?.name;
}

/** The catalog event a seed's name stands for (for a seed-named event sent into Tidings). */
export function canonicalEventName(seed: Seed, name: string): EventTypeName | undefined {
  return SEED_EVENT_NAMES.find((entry) => entry.seed === seed && entry.name === name)?.canonical;
}
