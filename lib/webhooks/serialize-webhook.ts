import type { Webhook } from '../../generated/prisma/client';
import { env } from '../env';
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
  pingOnCreate: true,
  successCount: true,
  failureCount: true,
  consecutiveFailures: true,
  failingSince: true,
  failingWarnedLevel: true,
  ordering: true,
  maxRequestsPerSecond: true,
  heldOverflowCount: true,
  heldOverflowAt: true,
  lastDeliveryAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type WebhookRow = Pick<Webhook, keyof typeof WEBHOOK_SELECT>;

function disableAfterDays(): number {
  return env().TIDINGS_DISABLE_AFTER_DAYS;
}

const unixSeconds = (date: Date | null): number | null => (date ? Math.floor(date.getTime() / 1000) : null);

/**
 * When a failing webhook will be disabled: its failure streak's start plus
 * TIDINGS_DISABLE_AFTER_DAYS, while it is ACTIVE and failing; null otherwise.
 */
export function disableAtOf(webhook: Pick<WebhookRow, 'status' | 'failingSince'>, disableAfterDays: number): Date | null {
  if (webhook.status !== 'ACTIVE' || !webhook.failingSince) return null;
  return new Date(webhook.failingSince.getTime() + disableAfterDays * 86_400_000);
}

/**
 * `held`: how many deliveries the webhook holds (HELD, waiting for a resume), counted by
 * the caller (countHeldDeliveries) where it matters; 0 for a webhook just created.
 */
export function serializeWebhook(webhook: WebhookRow, held = 0) {
  const failing = webhook.status === 'ACTIVE' && webhook.failingSince !== null;
  return {
    webhookId: webhook.id,
    name: webhook.name,
    url: webhook.url,
    events: webhook.events,
    status: webhook.status,
    // CharityStack: "The description you provided, or an empty string if omitted."
    description: webhook.description ?? '',
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
    pingOnCreate: webhook.pingOnCreate,
    createdAt: unixSeconds(webhook.createdAt),
    updatedAt: unixSeconds(webhook.updatedAt),
    lastDeliveryAt: unixSeconds(webhook.lastDeliveryAt),
    successCount: webhook.successCount,
    failureCount: webhook.failureCount,
    consecutiveFailures: webhook.consecutiveFailures,
    disabledReason: webhook.disabledReason,
    disabledAt: unixSeconds(webhook.disabledAt),
    // Start of the current unbroken run of failed attempts, and when it disables the webhook
    // unless a delivery succeeds first (docs/delivery-semantics.md#warnings-before-disabling).
    failingSince: failing ? unixSeconds(webhook.failingSince) : null,
    disableAt: unixSeconds(disableAtOf(webhook, disableAfterDays())),
    // How many `webhook.failing` warnings this streak has sent (1 h, 24 h, 72 h): 0 to 3.
    failingWarnings: failing ? webhook.failingWarnedLevel : 0,
    ordering: webhook.ordering,
    maxRequestsPerSecond: webhook.maxRequestsPerSecond,
    heldDeliveries: held,
    // Events not held because the webhook already held TIDINGS_MAX_HELD_PER_WEBHOOK.
    heldOverflow: { count: webhook.heldOverflowCount, lastAt: unixSeconds(webhook.heldOverflowAt) },
  };
}

export type WebhookResource = ReturnType<typeof serializeWebhook>;
