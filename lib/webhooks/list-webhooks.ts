import 'server-only';
import { db } from '../db';
import { decodeCursor, pageOf } from '../http/cursor';
import { countHeldDeliveries } from './held-deliveries';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';

export async function listWebhooks(input: { organizationId: string; limit: number; cursor?: string }) {
  const before = decodeCursor(input.cursor);
  const rows = await db.webhook.findMany({
    where: { organizationId: input.organizationId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
    select: WEBHOOK_SELECT,
  });
  const { rows: page, nextCursor } = pageOf(rows, input.limit);
  const held = await countHeldDeliveries(page.map((row) => row.id));
  return { data: page.map((row) => serializeWebhook(row, held.get(row.id) ?? 0)), nextCursor };
}
