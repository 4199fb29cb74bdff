import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { createId } from '../ids';
import type { CreateInboxInput } from './inbox-schema';
import { INBOX_SELECT, serializeInbox } from './serialize-inbox';

/** A new inbox; its unguessable token is the whole of its URL's authority to receive. */
export async function createInbox(input: { organizationId: string; origin: string; data: CreateInboxInput }) {
  const inbox = await db.inbox.create({
    data: {
      id: createId('inbox'),
      organizationId: input.organizationId,
      name: input.data.name.trim(),
      token: randomBytes(12).toString('base64url'),
    },
    select: INBOX_SELECT,
  });
  return serializeInbox(inbox, input.origin);
}
