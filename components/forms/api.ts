import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/api-client';
import type { UpsertFormInput } from '@/lib/forms/form-schema';
import type { FormResource } from '@/lib/forms/list-forms';

export type { FormResource };

export const formKeys = { all: ['forms'] as const, list: () => [...formKeys.all, 'list'] as const };

export const formsApi = {
  list: () => apiFetch<Page<FormResource>>('/forms?limit=100'),
  upsert: (input: UpsertFormInput) => apiFetch<FormResource>('/forms', { method: 'POST', body: input }),
};

export function useForms() {
  return useQuery({ queryKey: formKeys.list(), queryFn: formsApi.list });
}

export function useUpsertForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: formsApi.upsert,
    // Webhook settings offer the forms too, and share this key.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: formKeys.all }),
  });
}
