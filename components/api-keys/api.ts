import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/api-client';
import type { CreateApiKeyInput, UpdateApiKeyInput } from '@/lib/api-keys/api-key-schema';
import type { ApiKeyResource } from '@/lib/api-keys/list-api-keys';

export type { ApiKeyResource };

export const apiKeyKeys = { all: ['api-keys'] as const, list: () => [...apiKeyKeys.all, 'list'] as const };

/** The creation response: `key` is the whole key, shown this once. */
export type CreatedApiKey = { apiKey: ApiKeyResource; key: string };

export const apiKeysApi = {
  list: () => apiFetch<Page<ApiKeyResource>>('/api-keys'),
  create: (input: CreateApiKeyInput) => apiFetch<CreatedApiKey>('/api-keys', { method: 'POST', body: input }),
  revoke: (id: string) => apiFetch<ApiKeyResource>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  update: ({ id, ...body }: { id: string } & UpdateApiKeyInput) => apiFetch<ApiKeyResource>(`/api-keys/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
};

export function useApiKeys() {
  return useQuery({ queryKey: apiKeyKeys.list(), queryFn: apiKeysApi.list });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: apiKeysApi.create,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: apiKeysApi.revoke,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useUpdateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: apiKeysApi.update,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
