import 'server-only';
import { db } from '../db';
import { INBOX_SELECT, serializeInbox } from './serialize-inbox';

/** An organization's inboxes, oldest first (the seeded ones lead), with their last request time. */
export async function listInboxes(input: { organizationId: string; origin: string }) {
  const inboxes = await db.inbox.findMany({
    where: { organizationId: input.organizationId },
    orderBy: { id: 'asc' },
    select: {
      ...INBOX_SELECT,
      // One row per inbox from the (inboxId, receivedAt desc) index, however busy it is.
      requests: { orderBy: { receivedAt: 'desc' }, take: 1, select: { receivedAt: true } },
    },
  });
  return {
    data: inboxes.map(({ requests, ...inbox }) => serializeInbox(inbox, input.origin, requests[0]?.receivedAt ?? null)),
    nextCursor: null,
  };
}
