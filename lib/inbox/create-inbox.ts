import 'server-only';
import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { createId } from '../ids';
import type { CreateInboxInput } from './inbox-schema';
import { INBOX_SELECT, serializeInbox } from './serialize-inbox';

/** A new inbox; its unguessable token is the whole of its URL's authority to receive. */
export async function createInbox(input: { organizationId: string; origin: string; data: CreateInboxInput; audit?: AuditSource }) {
  const inbox = await db.$transaction(async (tx) => {
    const created = await tx.inbox.create({
      data: {
        id: createId('inbox'),
        organizationId: input.organizationId,
        name: input.data.name.trim(),
        token: randomBytes(12).toString('base64url'),
      },
      select: INBOX_SELECT,
    });
    // The token is the inbox URL's whole authority: masked like every secret.
    if (input.audit) {
      await recordAudit(tx, { organizationId: input.organizationId, source: input.audit, action: 'inbox.created', target: { type: 'inbox', id: created.id }, changes: { name: created.name, token: 'set' } });
    }
    return created;
  });
  return serializeInbox(inbox, input.origin);
}
