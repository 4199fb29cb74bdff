import type { Webhook } from '../../generated/prisma/client';
import { SECRET_MASK } from './webhook-schema';

/** What leaves the server for a webhook: never the secret, the API token or a custom header value. */
export const WEBHOOK_SELECT = {
  id: true,
  organizationId: true,
  name: true,
  url: true,
  description: true,
  status: true,
  disabledReason: true,
  disabledAt: true,
  events: true,
  allForms: true,
  formIds: true,
  resourceId: true,
  includeSubOrganizations: true,
  format: true,
  appKey: true,
  apiTokenEncrypted: true,
  customHeaderNames: true,
  retryPolicy: true,
  timeoutSeconds: true,
  successCount: true,
  failureCount: true,
  consecutiveFailures: true,
  lastDeliveryAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type WebhookRow = Pick<Webhook, keyof typeof WEBHOOK_SELECT>;

const unixSeconds = (date: Date | null): number | null => (date ? Math.floor(date.getTime() / 1000) : null);

export function serializeWebhook(webhook: WebhookRow) {
  return {
    webhookId: webhook.id,
    name: webhook.name,
    url: webhook.url,
    events: webhook.events,
    status: webhook.status,
    description: webhook.description,
    allForms: webhook.allForms,
    formIds: webhook.formIds,
    resourceId: webhook.resourceId,
    includeSubOrganizations: webhook.includeSubOrganizations,
    format: webhook.format,
    appKey: webhook.appKey,
    hasApiToken: webhook.apiTokenEncrypted !== null,
    // Names only: each value is a secret, shown as a mask that reveals nothing of it.
    customHeaders: Object.fromEntries(webhook.customHeaderNames.map((name) => [name, SECRET_MASK])),
    retryPolicy: webhook.retryPolicy,
    timeoutSeconds: webhook.timeoutSeconds,
    createdAt: unixSeconds(webhook.createdAt),
    updatedAt: unixSeconds(webhook.updatedAt),
    lastDeliveryAt: unixSeconds(webhook.lastDeliveryAt),
    successCount: webhook.successCount,
    failureCount: webhook.failureCount,
    consecutiveFailures: webhook.consecutiveFailures,
    disabledReason: webhook.disabledReason,
    disabledAt: unixSeconds(webhook.disabledAt),
  };
}

export type WebhookResource = ReturnType<typeof serializeWebhook>;
