// The actions the audit log records (docs/security-model.md#audit-log), for the filter.
export const AUDIT_ACTION_GROUPS: { label: string; actions: string[] }[] = [
  {
    label: 'Webhooks',
    actions: ['webhook.created', 'webhook.updated', 'webhook.paused', 'webhook.resumed', 'webhook.secret_rotated', 'webhook.deleted', 'webhook.tested', 'webhook.replayed'],
  },
  { label: 'Deliveries', actions: ['delivery.resent'] },
  { label: 'Events', actions: ['event.expunged'] },
  { label: 'API keys', actions: ['api_key.created', 'api_key.revoked'] },
  { label: 'Users', actions: ['user.signed_in', 'user.sign_in_failed', 'user.sessions_revoked', 'user.added', 'user.role_changed'] },
  { label: 'Forms', actions: ['form.created', 'form.updated'] },
  { label: 'Inboxes', actions: ['inbox.created'] },
  { label: 'Organization', actions: ['organization.updated', 'organization.shared_token_set', 'organization.shared_token_generated'] },
];
