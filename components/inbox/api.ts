import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/api-client';
import type { CreateInboxInput } from '@/lib/inbox/inbox-schema';
import type { InboxRequestResource } from '@/lib/inbox/list-inbox-requests';
import type { InboxResource } from '@/lib/inbox/serialize-inbox';

export type { InboxRequestResource, InboxResource };

export const inboxKeys = {
  all: ['inboxes'] as const,
  list: () => [...inboxKeys.all, 'list'] as const,
  requests: (inboxId: string) => [...inboxKeys.all, 'requests', inboxId] as const,
};

export const inboxApi = {
  list: () => apiFetch<Page<InboxResource>>('/inboxes'),
  requests: (inboxId: string, cursor?: string) =>
    apiFetch<Page<InboxRequestResource>>(
      `/inboxes/${encodeURIComponent(inboxId)}/requests?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  create: (input: CreateInboxInput) => apiFetch<InboxResource>('/inboxes', { method: 'POST', body: input }),
};

/** Polled: inboxes are made to watch requests arrive. */
export function useInboxes() {
  return useQuery({ queryKey: inboxKeys.list(), queryFn: inboxApi.list, refetchInterval: 15_000 });
}

export function useCreateInbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inboxApi.create,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.list() }),
  });
}
