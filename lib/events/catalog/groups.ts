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
