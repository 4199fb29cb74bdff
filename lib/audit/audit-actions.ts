// Every action the audit log records (docs/security-model.md#audit-log), grouped for the
// console's Action filter. tests/audit-actions.test.ts fails when code records an action
// that is not listed here, so the filter can choose every row the log can hold.
export const AUDIT_ACTION_GROUPS: { label: string; any: string; actions: string[] }[] = [
  {
    label: 'Webhooks',
    any: 'Any webhook action',
    actions: ['webhook.created', 'webhook.updated', 'webhook.paused', 'webhook.resumed', 'webhook.secret_rotated', 'webhook.deleted', 'webhook.tested', 'webhook.replayed'],
  },
  { label: 'Deliveries', any: 'Any delivery action', actions: ['delivery.resent'] },
  { label: 'Events', any: 'Any event action', actions: ['event.expunged'] },
  { label: 'API keys', any: 'Any API key action', actions: ['api_key.created', 'api_key.updated', 'api_key.revoked'] },
  {
    label: 'Users',
    any: 'Any user action (sign-ins too)',
    actions: ['user.signed_in', 'user.sign_in_failed', 'user.sessions_revoked', 'user.password_changed', 'user.added', 'user.role_changed'],
  },
  { label: 'Team', any: 'Any team action', actions: ['member.updated', 'member.removed'] },
  { label: 'Invitations', any: 'Any invitation action', actions: ['invitation.created', 'invitation.accepted', 'invitation.revoked'] },
  {
    label: 'Consumer portal',
    any: 'Any portal action',
    actions: ['portal_link.created', 'portal_link.revoked', 'portal.viewed', 'portal.delivery_viewed', 'portal.delivery_resent', 'portal.test_sent'],
  },
  { label: 'Forms', any: 'Any form action', actions: ['form.created', 'form.updated'] },
  { label: 'Inboxes', any: 'Any inbox action', actions: ['inbox.created'] },
  {
    label: 'Organization',
    any: 'Any organization setting',
    actions: ['organization.created', 'organization.updated', 'organization.shared_token_set', 'organization.shared_token_generated'],
  },
];

export const AUDIT_ACTIONS = AUDIT_ACTION_GROUPS.flatMap((group) => group.actions);
