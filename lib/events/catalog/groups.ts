// The groups of the event catalog and the scope each needs. Browser-safe: the console lists
// events by group.

export type EventGroup =
  | 'donations'
  | 'people'
  | 'contacts'
  | 'subscriptions'
  | 'registrations'
  | 'forms'
  | 'commerce'
  | 'inventory'
  | 'coupons'
  | 'sms'
  | 'system';

export const EVENT_GROUPS: readonly { id: EventGroup; label: string }[] = [
  { id: 'donations', label: 'Donations' },
  { id: 'people', label: 'People' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'registrations', label: 'Registrations' },
  { id: 'forms', label: 'Forms' },
  { id: 'commerce', label: 'Commerce' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'coupons', label: 'Coupons' },
  { id: 'sms', label: 'SMS' },
  { id: 'system', label: 'System' },
];

// System events have no scope: nobody subscribes to a ping, and webhook.disabled is
// about the organization's own webhooks rather than the host platform's data.
export type EventScope = 'view:transactions' | 'view:contacts' | 'view:forms' | null;

/** docs/security-model.md#scopes-and-least-privilege: the API key scope an integrator needs to subscribe to a group's events (Kajabi style). */
export const EVENT_GROUP_SCOPES: Readonly<Record<EventGroup, EventScope>> = {
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

/**
 * The pattern that subscribes to a whole group, today's types and any added later
 * (`donation.*`): the singular of the group's name, as its types begin. Some groups hold
 * types with other prefixes (`registration.*` also covers `registrant.*` and `ticket.*`);
 * the pattern follows the group, not the prefix. The group's own name (`donations.*`) is
 * accepted as well and stored as this form.
 */
export const EVENT_GROUP_PATTERNS: Readonly<Record<EventGroup, string>> = {
  donations: 'donation.*',
  people: 'person.*',
  contacts: 'contact.*',
  subscriptions: 'subscription.*',
  registrations: 'registration.*',
  forms: 'form.*',
  commerce: 'commerce.*',
  inventory: 'inventory.*',
  coupons: 'coupon.*',
  sms: 'sms.*',
  system: 'system.*',
};

const GROUP_BY_PATTERN: ReadonlyMap<string, EventGroup> = new Map(
  (Object.entries(EVENT_GROUP_PATTERNS) as [EventGroup, string][]).flatMap(([group, pattern]) => [
    [pattern, group],
    [`${group}.*`, group],
  ]),
);

/** Whether an entry of `events` is a group pattern (`something.*`), known or not. */
export function isGroupPattern(entry: string): boolean {
  return entry.endsWith('.*') && entry.length > 2;
}

/** The group a pattern names (`donation.*` or `donations.*` → donations); undefined when none. */
export function groupOfPattern(pattern: string): EventGroup | undefined {
  return GROUP_BY_PATTERN.get(pattern);
}
