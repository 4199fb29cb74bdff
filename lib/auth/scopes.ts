// API key scopes (docs/security-model.md#scopes-and-least-privilege). Resource scopes grant actions; event scopes (Kajabi style)
// grant access to the data of events: subscribing to them, and anything else that makes
// their data flow somewhere (lib/auth/event-scopes.ts says which scopes each event needs).

export const RESOURCE_SCOPES = [
  'webhooks:read',
  'webhooks:write',
  'deliveries:read',
  'deliveries:write',
  'events:write',
  'forms:read',
  'forms:write',
  'organizations:read',
  'organizations:write',
  'audit:read',
] as const;

/**
 * Powers an owner grants a key on purpose, one by one: in no default set, and never picked by
 * the console's "Select all" of resource scopes. `events:expunge` erases a person's data from
 * every event type (docs/security-model.md#expunge).
 */
export const OWNER_POWER_SCOPES = ['events:expunge'] as const;

/** Tidings' own event scopes, one per group of catalog events. */
export const GROUP_EVENT_SCOPES = ['view:transactions', 'view:contacts', 'view:forms'] as const;

/** Kajabi's scope names (its webhook document's table), valid beside Tidings' own. */
export const KAJABI_EVENT_SCOPES = ['view:purchases', 'view:orders', 'view:form_submissions'] as const;

export const EVENT_SCOPES = [...GROUP_EVENT_SCOPES, ...KAJABI_EVENT_SCOPES] as const;

export const ALL_SCOPES = [...RESOURCE_SCOPES, ...OWNER_POWER_SCOPES, ...EVENT_SCOPES] as const;

export type Scope = (typeof ALL_SCOPES)[number];
export type EventScopeName = (typeof EVENT_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'webhooks:read': 'List and view webhooks (never their secrets)',
  'webhooks:write': 'Create, change, test, rotate and delete webhooks',
  'deliveries:read': 'View deliveries and their attempts',
  'deliveries:write': 'Resend and replay deliveries',
  'events:write': 'Send events into Tidings',
  'forms:read': 'List forms',
  'forms:write': 'Register and update forms',
  'organizations:read': 'List the sub-organizations of the key’s organization',
  'organizations:write': 'Create and rename sub-organizations',
  'audit:read': 'Read the audit log (who changed what, when, from where)',
  'events:expunge': 'Erase a person’s data from stored events of every type, by email or event ids (answers counts only)',
  'view:transactions': 'Donation, subscription and commerce events (order.created also needs view:orders)',
  'view:contacts': 'People and contact events',
  'view:forms': 'Form, registration, inventory, coupon and SMS events',
  'view:purchases': 'Kajabi: purchase events (purchase.created)',
  'view:orders': 'Kajabi: order events (order.created, with view:transactions)',
  'view:form_submissions': 'Kajabi: form submissions (form.submitted)',
};

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

export type Role = 'owner' | 'admin' | 'viewer';

/** What a console user may do, expressed as the scopes an API key would need. */
export function scopesForRole(role: Role): Scope[] {
  // The audit log names people, addresses and every setting's history: owners and admins only.
  if (role === 'viewer') return ALL_SCOPES.filter((scope) => (scope.endsWith(':read') && scope !== 'audit:read') || scope.startsWith('view:'));
  return [...ALL_SCOPES];
}
