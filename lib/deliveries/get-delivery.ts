import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { standardEnvelope } from '../formats/standard';
import { DELIVERY_SELECT, serializeAttempt, serializeDelivery } from './serialize-delivery';

/** A delivery with its event payload and every attempt (request and response). */
export async function getDelivery(input: {
  organizationId: string;
  deliveryId: string;
  /** Only a delivery of this webhook (the consumer portal's one webhook); others are not found. */
  webhookId?: string;
}) {
  const delivery = await db.delivery.findFirst({
    where: { id: input.deliveryId, organizationId: input.organizationId, ...(input.webhookId ? { webhookId: input.webhookId } : {}) },
    select: {
      ...DELIVERY_SELECT,
      webhook: { select: { name: true, url: true } },
      event: {
        select: {
          id: true,
          type: true,
          organizationId: true,
          organization: { select: { name: true, slug: true } },
          formId: true,
          resourceId: true,
          data: true,
          createdAt: true,
          test: true,
        },
      },
      attempts: { orderBy: { attempt: 'asc' } },
      ordered: { select: { orderingKey: true, orderBroken: true } },
    },
  });
  if (!delivery) throw new AppError('delivery_not_found', `No delivery "${input.deliveryId}"`);
  const { event, attempts, webhook, ordered, ...row } = delivery;
  return {
    ...serializeDelivery(row),
    webhookName: webhook.name,
    webhookUrl: webhook.url,
    // The webhook's organization; a sub-organization's event (includeSubOrganizations)
    // has an eventOrganizationId that differs from it.
    organizationId: row.organizationId,
    eventOrganizationId: event.organizationId,
    eventOrganization: { id: event.organizationId, name: event.organization.name, slug: event.organization.slug },
    // The event as the standard format sends it; `test` stands in for the per-webhook meta.
    payload: { ...standardEnvelope(event), test: event.test },
    attempts: attempts.map(serializeAttempt),
    // Ordered delivery (webhook ordering "key"): its key, and whether its retries ran out while
    // later deliveries of the key waited, so they went on after it (order broken here).
    ordering: ordered ? { key: ordered.orderingKey, orderBroken: ordered.orderBroken } : null,
  };
}

export type DeliveryDetail = Awaited<ReturnType<typeof getDelivery>>;
