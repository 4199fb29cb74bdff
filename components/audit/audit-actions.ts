// The actions the audit log records (docs/security-model.md#audit-log), for the filter.
export const AUDIT_ACTION_GROUPS: { label: string; any: string; actions: string[] }[] = [
  {
    label: 'Webhooks', any: 'Any webhook action',
    actions: ['webhook.created', 'webhook.updated', 'webhook.paused', 'webhook.resumed', 'webhook.secret_rotated', 'webhook.deleted', 'webhook.tested', 'webhook.replayed'],
  },
  { label: 'Deliveries', any: 'Any delivery action', actions: ['delivery.resent'] },
  { label: 'Events', any: 'Any event action', actions: ['event.expunged'] },
  { label: 'API keys', any: 'Any API key action', actions: ['api_key.created', 'api_key.revoked'] },
  { label: 'Users', any: 'Any user action (sign-ins too)', actions: ['user.signed_in', 'user.sign_in_failed', 'user.sessions_revoked', 'user.added', 'user.role_changed'] },
  { label: 'Forms', any: 'Any form action', actions: ['form.created', 'form.updated'] },
  { label: 'Inboxes', any: 'Any inbox action', actions: ['inbox.created'] },
  { label: 'Organization', any: 'Any organization setting', actions: ['organization.updated', 'organization.shared_token_set', 'organization.shared_token_generated'] },
];
