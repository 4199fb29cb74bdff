import type { Attempt, Delivery } from '../../generated/prisma/client';

const unix = (date: Date | null): number | null => (date ? Math.floor(date.getTime() / 1000) : null);

export const DELIVERY_SELECT = {
  id: true,
  organizationId: true,
  webhookId: true,
  eventId: true,
  eventType: true,
  status: true,
  test: true,
  attemptCount: true,
  lastStatusCode: true,
  lastError: true,
  createdAt: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
} as const;

export type DeliveryRow = Pick<Delivery, keyof typeof DELIVERY_SELECT>;

export function serializeDelivery(delivery: DeliveryRow) {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    test: delivery.test,
    attemptCount: delivery.attemptCount,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: unix(delivery.createdAt),
    lastAttemptAt: unix(delivery.lastAttemptAt),
    nextAttemptAt: unix(delivery.nextAttemptAt),
  };
}

export type DeliveryResource = ReturnType<typeof serializeDelivery>;

export function serializeAttempt(attempt: Attempt) {
  return {
    id: attempt.id,
    attempt: attempt.attempt,
    trigger: attempt.trigger,
    startedAt: unix(attempt.startedAt),
    startedAtMs: attempt.startedAt.getTime(),
    durationMs: attempt.durationMs,
    request: {
      url: attempt.requestUrl,
      headers: attempt.requestHeaders as Record<string, string>,
      body: attempt.requestBody,
    },
    response:
      attempt.responseStatus === null
        ? null
        : {
            status: attempt.responseStatus,
            headers: (attempt.responseHeaders ?? {}) as Record<string, string>,
            body: attempt.responseBody ?? '',
            truncated: attempt.responseTruncated,
          },
    error: attempt.error,
  };
}

export type AttemptResource = ReturnType<typeof serializeAttempt>;
