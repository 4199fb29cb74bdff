import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { SetSharedTokenInput } from '@/lib/organizations/shared-token-schema';

export type OrganizationSettings = {
  organizationId: string;
  name: string;
  slug: string;
  accountId: number;
  sharedTokenSet: boolean;
  inheritsSharedTokenFrom: string | null;
};

export const organizationKeys = { all: ['organization'] as const, settings: () => [...organizationKeys.all, 'settings'] as const };

export const organizationApi = {
  get: () => apiFetch<OrganizationSettings>('/organization'),
  setSharedToken: (input: SetSharedTokenInput) => apiFetch<null>('/organization/shared-token', { method: 'PUT', body: input }),
  setAccountId: (accountId: number) => apiFetch<OrganizationSettings>('/organization', { method: 'PATCH', body: { accountId } }),
  generateSharedToken: () => apiFetch<{ token: string }>('/organization/shared-token', { method: 'POST' }),
};

export function useOrganizationSettings() {
  return useQuery({ queryKey: organizationKeys.settings(), queryFn: organizationApi.get });
}

export function useSetSharedToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.setSharedToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}

export function useGenerateSharedToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.generateSharedToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}

export function useSetAccountId() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.setAccountId, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}
