import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { INBOX_SELECT } from './serialize-inbox';

/** Another organization's inbox is "not found", never "forbidden": ids reveal nothing. */
export async function findInboxRow(input: { organizationId: string; inboxId: string }) {
  const inbox = await db.inbox.findFirst({
    where: { id: input.inboxId, organizationId: input.organizationId },
    select: INBOX_SELECT,
  });
  if (!inbox) throw new AppError('not_found', `No inbox "${input.inboxId}"`);
  return inbox;
}
