// API key scopes (SPEC §7). Resource scopes grant actions; event scopes (Kajabi style)
// grant subscribing to events of a catalog group.

export const RESOURCE_SCOPES = [
  'webhooks:read',
  'webhooks:write',
  'deliveries:read',
  'deliveries:write',
  'events:write',
  'forms:read',
  'forms:write',
] as const;

export const EVENT_SCOPES = ['view:transactions', 'view:contacts', 'view:forms'] as const;

export const ALL_SCOPES = [...RESOURCE_SCOPES, ...EVENT_SCOPES] as const;

export type Scope = (typeof ALL_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'webhooks:read': 'List and view webhooks (never their secrets)',
  'webhooks:write': 'Create, change, test, rotate and delete webhooks',
  'deliveries:read': 'View deliveries and their attempts',
  'deliveries:write': 'Resend deliveries',
  'events:write': 'Send events into Tidings',
  'forms:read': 'List forms',
  'forms:write': 'Register and update forms',
  'view:transactions': 'Subscribe to donation, subscription and commerce events',
  'view:contacts': 'Subscribe to people and contact events',
  'view:forms': 'Subscribe to form, registration, inventory, coupon and SMS events',
};

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

export type Role = 'owner' | 'admin' | 'viewer';

/** What a console user may do, expressed as the scopes an API key would need. */
export function scopesForRole(role: Role): Scope[] {
  if (role === 'viewer') return ALL_SCOPES.filter((scope) => scope.endsWith(':read') || scope.startsWith('view:'));
  return [...ALL_SCOPES];
}
