import 'server-only';
import { db } from '../db';
import { AppError } from '../http/app-error';
import { DELIVERY_SELECT, serializeAttempt, serializeDelivery } from './serialize-delivery';

/** A delivery with its event payload and every attempt (request and response). */
export async function getDelivery(input: { organizationId: string; deliveryId: string }) {
  const delivery = await db.delivery.findFirst({
    where: { id: input.deliveryId, organizationId: input.organizationId },
    select: {
      ...DELIVERY_SELECT,
      event: { select: { id: true, type: true, organizationId: true, formId: true, resourceId: true, data: true, createdAt: true, test: true } },
      attempts: { orderBy: { attempt: 'asc' } },
    },
  });
  if (!delivery) throw new AppError('delivery_not_found', `No delivery "${input.deliveryId}"`);
  const { event, attempts, ...row } = delivery;
  return {
    ...serializeDelivery(row),
    eventOrganizationId: event.organizationId,
    payload: {
      id: event.id,
      type: event.type,
      timestamp: event.createdAt.toISOString(),
      organizationId: event.organizationId,
      formId: event.formId,
      resourceId: event.resourceId,
      data: event.data,
      test: event.test,
    },
    attempts: attempts.map(serializeAttempt),
  };
}
