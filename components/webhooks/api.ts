'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deliveryKeys } from '@/components/deliveries/api';
import { apiFetch, type Page } from '@/lib/api-client';
import type { WebhookResource } from '@/lib/webhooks/serialize-webhook';
import type { CreateWebhookInput, UpdateWebhookInput } from '@/lib/webhooks/webhook-schema';

export type { WebhookResource };

/** The creation response: the webhook plus its secret, shown once. */
export type CreatedWebhook = WebhookResource & { secret: string; warning: string };

/** The rotation response: the new secret, and until when the previous one still signs. */
export type RotatedWebhook = WebhookResource & { secret: string; warning: string; previousSecretExpiresAt: number };

const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  detail: (id: string) => [...webhookKeys.all, 'detail', id] as const,
};

export const webhooksApi = {
  list: () => apiFetch<Page<WebhookResource>>('/webhooks?limit=100'),
  get: (id: string) => apiFetch<WebhookResource>(path(id)),
};

export const webhookMutationsApi = {
  create: (body: CreateWebhookInput) => apiFetch<CreatedWebhook>('/webhooks', { method: 'POST', body }),
  update: (id: string, body: UpdateWebhookInput) => apiFetch<WebhookResource>(path(id), { method: 'PATCH', body }),
  remove: (id: string) => apiFetch<null>(path(id), { method: 'DELETE' }),
  rotateSecret: (id: string) => apiFetch<RotatedWebhook>(`${path(id)}/rotate-secret`, { method: 'POST' }),
  resume: (id: string, held: 'send' | 'discard') =>
    apiFetch<{ sent: number; discarded: number }>(`${path(id)}/resume`, { method: 'POST', body: { held } }),
};

export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.list(), queryFn: webhooksApi.list });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: webhookKeys.detail(id), queryFn: () => webhooksApi.get(id), retry: false });
}

/** After any change, the list and the changed webhook's detail are refetched. */
function useStoreWebhook() {
  const queryClient = useQueryClient();
  return (webhook: WebhookResource) => {
    queryClient.setQueryData(webhookKeys.detail(webhook.webhookId), webhook);
    return queryClient.invalidateQueries({ queryKey: webhookKeys.all });
  };
}

export function useCreateWebhook() {
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: webhookMutationsApi.create,
    onSuccess: (created) => {
      const { secret: _secret, warning: _warning, ...webhook } = created;
      return store(webhook);
    },
  });
}

export function useUpdateWebhook(id: string) {
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: (body: UpdateWebhookInput) => webhookMutationsApi.update(id, body),
    onSuccess: store,
  });
}

/**
 * The inline ACTIVE ↔ PAUSED toggle and "Re-enable": the list shows the new status at
 * once and rolls back if the server refuses.
 */
export function useSetWebhookStatus() {
  const queryClient = useQueryClient();
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'ACTIVE' | 'PAUSED' }) => webhookMutationsApi.update(id, { status }),
    onMutate: async ({ id, status }) => {
      await queryClient.cancelQueries({ queryKey: webhookKeys.list() });
      const previous = queryClient.getQueryData<Page<WebhookResource>>(webhookKeys.list());
      if (previous) {
        queryClient.setQueryData<Page<WebhookResource>>(webhookKeys.list(), {
          ...previous,
          data: previous.data.map((webhook) => (webhook.webhookId === id ? { ...webhook, status } : webhook)),
        });
      }
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(webhookKeys.list(), context.previous);
    },
    onSuccess: store,
  });
}

export function useRotateWebhookSecret() {
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: webhookMutationsApi.rotateSecret,
    onSuccess: (rotated) => {
      const { secret: _secret, warning: _warning, previousSecretExpiresAt: _expires, ...webhook } = rotated;
      return store(webhook);
    },
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: webhookMutationsApi.remove,
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: webhookKeys.detail(id) });
      // Its deliveries are deleted with it.
      void queryClient.invalidateQueries({ queryKey: deliveryKeys.all });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}

/** Resume with held deliveries: send them in order, or discard them. The lists and deliveries refresh. */
export function useResumeWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, held }: { id: string; held: 'send' | 'discard' }) => webhookMutationsApi.resume(id, held),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: deliveryKeys.all });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.all });
    },
  });
}
