import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, getEventType } from './catalog/definitions';
import {
  EVENT_GROUPS,
  EVENT_TYPE_NAMES,
  EVENT_TYPE_SUMMARIES,
  SUBSCRIBABLE_EVENT_TYPES,
  WILDCARD,
  getEventTypeSummary,
  isEventType,
  isSubscribedTo,
  type EventGroup,
} from './catalog/names';
import { SEEDS, SEED_EVENT_NAMES, canonicalEventName, seedEventName, webconnexInventoryEventName } from './seed-event-names';

// docs/architecture.md#event-catalog, in catalog order.
const SPEC_EVENT_NAMES = [
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
  // SPEC §11: warn before disabling.
  'webhook.failing',
];

// docs/security-model.md#scopes-and-least-privilege, written out again rather than imported so a change to the catalog's map is caught.
const SPEC_SCOPES: Record<EventGroup, string | null> = {
  donations: 'view:transactions',
  subscriptions: 'view:transactions',
  commerce: 'view:transactions',
  people: 'view:contacts',
  contacts: 'view:contacts',
  forms: 'view:forms',
  registrations: 'view:forms',
  inventory: 'view:forms',
  coupons: 'view:forms',
  sms: 'view:forms',
  system: null,
};

function sampleOf(name: string): Record<string, unknown> {
  const definition = getEventType(name);
  if (!definition) throw new Error(`no event type ${name}`);
  return definition.sample();
}

function isValid(name: string, data: unknown): boolean {
  const definition = getEventType(name);
  if (!definition) throw new Error(`no event type ${name}`);
  return definition.schema.safeParse(data).success;
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

describe('event catalog', () => {
  it('has exactly the names of docs/architecture.md#event-catalog, unique and in order', () => {
    expect(EVENT_CATALOG.map((definition) => definition.name)).toEqual(SPEC_EVENT_NAMES);
    expect(EVENT_TYPE_NAMES).toEqual(SPEC_EVENT_NAMES);
    expect(new Set(EVENT_TYPE_NAMES).size).toBe(EVENT_TYPE_NAMES.length);
  });

  it('puts every event in a known group, listed in group order', () => {
    const groupIds = EVENT_GROUPS.map((group) => group.id);
    expect(new Set(groupIds).size).toBe(groupIds.length);
    const order = EVENT_CATALOG.map((definition) => groupIds.indexOf(definition.group));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const group of EVENT_GROUPS) {
      expect(group.label.length).toBeGreaterThan(0);
      expect(EVENT_CATALOG.some((definition) => definition.group === group.id)).toBe(true);
    }
  });

  it('gives each event the scope of its group (docs/security-model.md#scopes-and-least-privilege)', () => {
    for (const definition of EVENT_CATALOG) {
      expect(definition.scope, definition.name).toBe(SPEC_SCOPES[definition.group]);
    }
    expect(getEventType('ping')?.scope).toBeNull();
    expect(getEventType('webhook.disabled')?.scope).toBeNull();
  });

  it('has a label and a description for every event', () => {
    for (const definition of EVENT_CATALOG) {
      expect(definition.label.trim(), definition.name).not.toBe('');
      expect(definition.description.trim(), definition.name).not.toBe('');
    }
  });

  it('validates every sample against its own schema', () => {
    for (const definition of EVENT_CATALOG) {
      const result = definition.schema.safeParse(definition.sample());
      expect(result.error?.issues ?? [], definition.name).toEqual([]);
    }
  });

  it('returns a fresh deep copy from sample()', () => {
    for (const definition of EVENT_CATALOG) {
      const first = definition.sample();
      const second = definition.sample();
      expect(first).not.toBe(second);
      expect(first).toEqual(second);
    }
    const mutated = sampleOf('donation.created');
    record(mutated.donation).amount_in_cents = 1;
    record(record(mutated.donation).donor).first_name = 'Changed';
    const fresh = record(sampleOf('donation.created').donation);
    expect(fresh.amount_in_cents).toBe(2020);
    expect(record(fresh.donor).first_name).toBe('Joe');
  });

  it('keeps fields the schema does not declare', () => {
    const data = { ...sampleOf('donation.created'), platform_extra: { source: 'import' } };
    const parsed = getEventType('donation.created')?.schema.parse(data);
    expect(parsed?.platform_extra).toEqual({ source: 'import' });
    const registrant = { ...sampleOf('registrant.updated'), customField: 42 };
    expect(getEventType('registrant.updated')?.schema.parse(registrant).customField).toBe(42);
  });

  it('follows the seeds in its samples', () => {
    expect(sampleOf('donation.created').contribution_batch_id).toBe('9');
    expect(sampleOf('person.type_assigned')).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
    expect(record(sampleOf('person.created').signup).nationbuilder_id).toBe(65536);
    expect(record(sampleOf('donation.created').donation).amount_in_cents).toBe(2020);
    const registration = sampleOf('registration.created');
    for (const field of ['billing', 'registrants', 'tickets', 'orderNumber', 'total', 'registrationTimestamp']) {
      expect(registration, field).toHaveProperty(field);
    }
    expect(sampleOf('inventory.threshold_reached').threshold).toBe(80);
    const ping = sampleOf('ping');
    expect(typeof ping.zen).toBe('string');
    expect(record(ping.hook)).not.toHaveProperty('secret');
    expect(Object.keys(sampleOf('webhook.disabled'))).toEqual(
      expect.arrayContaining(['webhookId', 'url', 'reason', 'disabledAt']),
    );
  });

  it('rejects data without identifying fields or with impossible values', () => {
    const donation = sampleOf('donation.created');
    delete record(donation.donation).amount_in_cents;
    expect(isValid('donation.created', donation)).toBe(false);

    const noDonationId = sampleOf('donation.updated');
    delete record(noDonationId.donation).id;
    expect(isValid('donation.updated', noDonationId)).toBe(false);

    // Site Stacker "Contribution create Payload": `{"contribution_batch_id": "9"}` is the whole
    // payload; it is a donation.created in its own right (its number form too).
    expect(isValid('donation.created', { contribution_batch_id: '9' })).toBe(true);
    expect(isValid('donation.created', { contribution_batch_id: 9 })).toBe(true);
    // Neither the donation nor the batch id: nothing identifies the donation.
    expect(isValid('donation.created', { note: 'no id at all' })).toBe(false);
    expect(isValid('donation.created', { contribution_batch_id: '' })).toBe(false);
    // Only the creation is Site Stacker's: an update still needs its donation.
    expect(isValid('donation.updated', { contribution_batch_id: '9' })).toBe(false);

    const negative = sampleOf('donation.created');
    record(negative.donation).amount_in_cents = -5;
    expect(isValid('donation.created', negative)).toBe(false);

    expect(isValid('inventory.threshold_reached', { ...sampleOf('inventory.threshold_reached'), threshold: 85 })).toBe(false);
    expect(isValid('inventory.threshold_reached', { ...sampleOf('inventory.threshold_reached'), threshold: '90' })).toBe(false);
    for (const threshold of [80, 90, 100]) {
      expect(isValid('inventory.threshold_reached', { ...sampleOf('inventory.threshold_reached'), threshold })).toBe(true);
    }

    expect(isValid('person.created', { signup: { first_name: 'No', last_name: 'Id' } })).toBe(false);
    expect(isValid('person.type_assigned', { person_type: { id: '18', name: 'Donor' } })).toBe(false);
    expect(isValid('contact.tag_added', { contact: { id: '1' } })).toBe(false);
    expect(isValid('registration.created', { ...sampleOf('registration.created'), total: undefined })).toBe(false);
    expect(isValid('ticket.cancelled', { status: 'cancelled' })).toBe(false);
    expect(isValid('coupon.updated', { name: 'Early Bird' })).toBe(false);
    expect(isValid('purchase.created', { purchase: { id: '1' } })).toBe(false);
    expect(isValid('webhook.disabled', { webhookId: 'wh_1', url: 'https://example.com' })).toBe(false);

    const leakyPing = sampleOf('ping');
    record(leakyPing.hook).secret = 'whsec_abc';
    expect(isValid('ping', leakyPing)).toBe(false);
  });

  it('looks event types up by name', () => {
    expect(isEventType('donation.created')).toBe(true);
    expect(isEventType('contribution_create')).toBe(false);
    expect(isEventType(WILDCARD)).toBe(false);
    expect(getEventType('form.submitted')?.group).toBe('forms');
    expect(getEventType('nope')).toBeUndefined();
    expect(getEventTypeSummary('form.submitted')?.label).toBe('Form submission');
    expect(getEventTypeSummary('nope')).toBeUndefined();
  });

  it('gives the browser the same names, groups, labels and scopes as the full catalog, and nothing else', () => {
    expect(EVENT_TYPE_SUMMARIES).toEqual(EVENT_CATALOG.map(({ schema: _schema, sample: _sample, ...summary }) => summary));
    for (const summary of EVENT_TYPE_SUMMARIES) expect(Object.keys(summary).sort()).toEqual(['description', 'group', 'label', 'name', 'scope']);
  });

  it('lets everything but ping be subscribed to, and the wildcard match it all', () => {
    expect(SUBSCRIBABLE_EVENT_TYPES).toEqual(SPEC_EVENT_NAMES.filter((name) => name !== 'ping'));
    for (const name of SUBSCRIBABLE_EVENT_TYPES) expect(isSubscribedTo([WILDCARD], name), name).toBe(true);
    expect(isSubscribedTo([WILDCARD], 'ping')).toBe(false);
    expect(isSubscribedTo(['ping'], 'ping')).toBe(false);
    expect(isSubscribedTo(['donation.created'], 'donation.created')).toBe(true);
    expect(isSubscribedTo(['donation.created'], 'donation.updated')).toBe(false);
    expect(isSubscribedTo([WILDCARD], 'not.an.event')).toBe(false);
  });
});

describe('seed event names', () => {
  it('maps every seed name to exactly one existing catalog entry', () => {
    const keys = SEED_EVENT_NAMES.map((entry) => `${entry.seed}:${entry.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of SEED_EVENT_NAMES) {
      expect(SEEDS, entry.name).toContain(entry.seed);
      expect(isEventType(entry.canonical), `${entry.seed}:${entry.name}`).toBe(true);
      for (const covered of entry.alsoCovers ?? []) expect(isEventType(covered), covered).toBe(true);
      expect(entry.source.trim(), entry.name).not.toBe('');
    }
  });

  it('lists the names each seed documents', () => {
    const namesOf = (seed: string) => SEED_EVENT_NAMES.filter((entry) => entry.seed === seed).map((entry) => entry.name);
    expect(namesOf('sitestacker')).toEqual(['contribution_create', 'person_type_assignment', 'ping']);
    expect(namesOf('nationbuilder')).toEqual([
      'donation_succeeded',
      'donation_updated',
      'donation_cancelled',
      'person_created',
      'person_updated',
      'person_contacted',
    ]);
    expect(namesOf('kajabi').sort()).toEqual(
      ['form_submission', 'order_created', 'payment_succeeded', 'purchase', 'tag_added', 'tag_removed'].sort(),
    );
    expect(namesOf('webconnex').sort()).toEqual(
      [
        'registration',
        'publish',
        'subscription',
        'sms',
        'inventory_80',
        'inventory_90',
        'inventory_100',
        'coupon',
        'edit_registrant',
        'cancel_registrant',
        'edit_ticket',
        'cancel_ticket',
        'cancel_order',
      ].sort(),
    );
    expect(namesOf('charitystack').sort()).toEqual(
      [
        'donation.created',
        'donation.updated',
        'subscription.created',
        'subscription.updated',
        'subscription.cancelled',
        'subscription.payment_method_updated',
        'contact.created',
        'contact.updated',
        'form.created',
        'form.updated',
      ].sort(),
    );
  });

  it('reaches every non-system catalog event from some seed name', () => {
    const reachable = new Set(SEED_EVENT_NAMES.flatMap((entry) => [entry.canonical, ...(entry.alsoCovers ?? [])]));
    const missing = EVENT_CATALOG.filter((definition) => definition.group !== 'system' && !reachable.has(definition.name));
    expect(missing.map((definition) => definition.name)).toEqual([]);
  });

  it('maps canonical names back to the seed names', () => {
    expect(seedEventName('sitestacker', 'donation.created')).toBe('contribution_create');
    expect(seedEventName('sitestacker', 'person.type_assigned')).toBe('person_type_assignment');
    expect(seedEventName('sitestacker', 'ping')).toBe('ping');
    expect(seedEventName('sitestacker', 'webhook.disabled')).toBeUndefined();
    expect(seedEventName('nationbuilder', 'donation.created')).toBe('donation_succeeded');
    expect(seedEventName('kajabi', 'contact.tag_added')).toBe('tag_added');
    expect(seedEventName('kajabi', 'purchase.created')).toBe('purchase');
    expect(seedEventName('charitystack', 'subscription.payment_method_updated')).toBe(
      'subscription.payment_method_updated',
    );
    expect(seedEventName('charitystack', 'registration.created')).toBeUndefined();
    expect(seedEventName('webconnex', 'registration.created')).toBe('registration');
    expect(seedEventName('webconnex', 'form.published')).toBe('publish');
    expect(seedEventName('webconnex', 'subscription.processed')).toBe('subscription');
    expect(seedEventName('webconnex', 'subscription.created')).toBeUndefined();
    expect(seedEventName('webconnex', 'sms_donation.created')).toBe('sms');
    expect(seedEventName('webconnex', 'ticket.cancelled')).toBe('cancel_ticket');
    expect(seedEventName('webconnex', 'registrant.cancelled')).toBe('cancel_registrant');
    // "X-Webconnex-Event | Event types being sent ie.. registration, edit_registrant, cancel_order":
    // an order is what a registration is ("orderNumber", "orderStatus | Status of the order"),
    // so a whole registration cancelled goes out as cancel_order.
    expect(seedEventName('webconnex', 'registration.cancelled')).toBe('cancel_order');
    for (const name of ['coupon.created', 'coupon.updated', 'coupon.redeemed']) {
      expect(seedEventName('webconnex', name), name).toBe('coupon');
    }
  });

  it('names Webconnex inventory events by their threshold', () => {
    expect(webconnexInventoryEventName(90)).toBe('inventory_90');
    for (const threshold of [80, 90, 100] as const) {
      const data = { ...sampleOf('inventory.threshold_reached'), threshold };
      expect(seedEventName('webconnex', 'inventory.threshold_reached', data)).toBe(`inventory_${threshold}`);
    }
    expect(seedEventName('webconnex', 'inventory.threshold_reached')).toBeUndefined();
    expect(seedEventName('webconnex', 'inventory.threshold_reached', { threshold: 85 })).toBeUndefined();
  });

  it('reads seed names as canonical names', () => {
    expect(canonicalEventName('sitestacker', 'contribution_create')).toBe('donation.created');
    expect(canonicalEventName('webconnex', 'inventory_100')).toBe('inventory.threshold_reached');
    expect(canonicalEventName('webconnex', 'coupon')).toBe('coupon.created');
    expect(canonicalEventName('webconnex', 'cancel_order')).toBe('registration.cancelled');
    expect(canonicalEventName('kajabi', 'contribution_create')).toBeUndefined();
  });
});
