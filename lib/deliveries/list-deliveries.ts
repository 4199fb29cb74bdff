import 'server-only';
import { z } from 'zod';
import { db, pool } from '../db';
import { EVENT_TYPE_SUMMARIES, groupOfPattern } from '../events/catalog/names';
import { decodeCursor, pageOf } from '../http/cursor';
import { isTimeInRange, LATEST_TIME_SECONDS } from './replay-schema';
import { DELIVERY_SELECT, serializeDelivery } from './serialize-delivery';
import type { Prisma } from '../../generated/prisma/client';

export const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'HELD'] as const;

const unixOrIso = z.union([
  z.coerce.number().int().positive().max(LATEST_TIME_SECONDS).transform((seconds) => new Date(seconds * 1000)),
  z.iso.datetime({ offset: true }).transform((value) => new Date(value)).refine(isTimeInRange, 'Give a time between 1970 and 9999'),
]);

export const ZListDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
  status: z.enum(DELIVERY_STATUSES, { error: `status is one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  event: z.string().trim().min(1).max(100).optional().describe('An event type, or a group pattern such as donation.*'),
  since: unixOrIso.optional(),
  webhookId: z.string().max(100).optional(),
});

export type ListDeliveriesQuery = z.output<typeof ZListDeliveriesQuery>;

/** `event` is an exact type, or a group pattern (`donation.*`: every type of the group). */
function eventTypeFilter(event: string): string | { in: string[] } {
  const group = groupOfPattern(event);
  if (!group) return event;
  return { in: EVENT_TYPE_SUMMARIES.filter((summary) => summary.group === group).map((summary) => summary.name) };
}

/**
 * Recent Deliveries, newest first, by keyset on the time-sortable id: every page costs
 * the same however deep it is.
 */
export async function listDeliveries(input: { organizationId: string; webhookId?: string; query: ListDeliveriesQuery }) {
  const { query } = input;
  const before = decodeCursor(query.cursor);
  const where: Prisma.DeliveryWhereInput = {
    organizationId: input.organizationId,
    ...((input.webhookId ?? query.webhookId) ? { webhookId: input.webhookId ?? query.webhookId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.event ? { eventType: eventTypeFilter(query.event) } : {}),
    ...(query.since ? { createdAt: { gte: query.since } } : {}),
    ...(before ? { id: { lt: before } } : {}),
  };
  const rows = await db.delivery.findMany({
    where,
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    select: { ...DELIVERY_SELECT, webhook: { select: { name: true, url: true } } },
  });
  const { rows: page, nextCursor } = pageOf(rows, query.limit);
  const durations = await lastAttemptDurations(page.map((row) => row.id));
  return {
    data: page.map(({ webhook, ...row }): DeliveryListItem => ({
      ...serializeDelivery(row),
      webhookName: webhook.name,
      webhookUrl: webhook.url,
      lastDurationMs: durations.get(row.id) ?? null,
    })),
    nextCursor,
  };
}

export type DeliveryListItem = ReturnType<typeof serializeDelivery> & {
  webhookName: string;
  webhookUrl: string;
  /** How long the latest attempt took; null before the first one. */
  lastDurationMs: number | null;
};

/** One page's latest attempts, read through the (deliveryId, attempt) unique index. */
async function lastAttemptDurations(deliveryIds: string[]): Promise<Map<string, number>> {
  if (deliveryIds.length === 0) return new Map();
  const { rows } = await pool().query<{ deliveryId: string; durationMs: number }>(
    `select distinct on ("deliveryId") "deliveryId", "durationMs" from "Attempt"
     where "deliveryId" = any($1::text[]) order by "deliveryId", attempt desc`,
    [deliveryIds],
  );
  return new Map(rows.map((row) => [row.deliveryId, row.durationMs]));
}
