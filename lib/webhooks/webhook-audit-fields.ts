import { serializeWebhook, type WebhookRow } from './serialize-webhook';

/**
 * A webhook's settings as the audit log shows them (lib/audit/): what an admin can change,
 * with the API token and custom header values as presence only (lib/audit/mask-secrets.ts
 * masks them again on the way in).
 */
export function webhookAuditFields(row: WebhookRow): Record<string, unknown> {
  const webhook = serializeWebhook(row);
  return {
    name: webhook.name,
    url: webhook.url,
    description: webhook.description,
    status: webhook.status,
    events: webhook.events,
    allForms: webhook.allForms,
    formIds: webhook.formIds,
    resourceId: webhook.resourceId,
    includeSubOrganizations: webhook.includeSubOrganizations,
    format: webhook.format,
    appKey: webhook.appKey,
    apiToken: row.apiTokenEncrypted === null ? null : 'set',
    customHeaders: webhook.customHeaders,
    retryPolicy: webhook.retryPolicy,
    timeoutSeconds: webhook.timeoutSeconds,
    pingOnCreate: webhook.pingOnCreate,
  };
}
