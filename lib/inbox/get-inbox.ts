import 'server-only';
import { db } from '../db';
import { findInboxRow } from './find-inbox';
import { serializeInbox } from './serialize-inbox';

export async function getInbox(input: { organizationId: string; inboxId: string; origin: string }) {
  const inbox = await findInboxRow(input);
  const last = await db.inboxRequest.findFirst({
    where: { inboxId: inbox.id },
    orderBy: { receivedAt: 'desc' },
    select: { receivedAt: true },
  });
  return serializeInbox(inbox, input.origin, last?.receivedAt ?? null);
}
