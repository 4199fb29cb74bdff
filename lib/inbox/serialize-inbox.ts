import type { Inbox } from '../../generated/prisma/client';

export const INBOX_SELECT = { id: true, name: true, token: true, createdAt: true } as const;

export type InboxRow = Pick<Inbox, keyof typeof INBOX_SELECT>;

/** Where the inbox receives: the path on this installation, and the full URL from `origin`. */
export function serializeInbox(inbox: InboxRow, origin: string, lastReceivedAt: Date | null = null) {
  const path = `/inbox/${inbox.token}`;
  return {
    id: inbox.id,
    name: inbox.name,
    token: inbox.token,
    path,
    url: `${origin.replace(/\/$/, '')}${path}`,
    createdAt: Math.floor(inbox.createdAt.getTime() / 1000),
    lastReceivedAt: lastReceivedAt ? Math.floor(lastReceivedAt.getTime() / 1000) : null,
  };
}

export type InboxResource = ReturnType<typeof serializeInbox>;
