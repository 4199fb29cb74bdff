import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WebhookFormat } from '@/components/webhooks/formats';
import { apiFetch, type Page } from '@/lib/api-client';
import type { CreateSubOrganizationInput } from '@/lib/organizations/organization-schema';
import type { OrganizationResource } from '@/lib/organizations/sub-organizations';
import type { SetSharedTokenInput } from '@/lib/organizations/shared-token-schema';

export type OrganizationSettings = {
  organizationId: string;
  name: string;
  slug: string;
  accountId: number;
  defaultWebhookFormat: WebhookFormat;
  sharedTokenSet: boolean;
  inheritsSharedTokenFrom: string | null;
};

export type { OrganizationResource };

export const organizationKeys = {
  all: ['organization'] as const,
  settings: () => [...organizationKeys.all, 'settings'] as const,
  subOrganizations: () => [...organizationKeys.all, 'sub-organizations'] as const,
};

export const organizationApi = {
  get: () => apiFetch<OrganizationSettings>('/organization'),
  setSharedToken: (input: SetSharedTokenInput) => apiFetch<null>('/organization/shared-token', { method: 'PUT', body: input }),
  setAccountId: (accountId: number) => apiFetch<OrganizationSettings>('/organization', { method: 'PATCH', body: { accountId } }),
  setDefaultWebhookFormat: (defaultWebhookFormat: WebhookFormat) => apiFetch<OrganizationSettings>('/organization', { method: 'PATCH', body: { defaultWebhookFormat } }),
  rename: (name: string) => apiFetch<OrganizationSettings>('/organization', { method: 'PATCH', body: { name } }),
  subOrganizations: () => apiFetch<Page<OrganizationResource>>('/organizations'),
  createSubOrganization: (input: CreateSubOrganizationInput) => apiFetch<OrganizationResource>('/organizations', { method: 'POST', body: input }),
  renameSubOrganization: ({ id, name }: { id: string; name: string }) =>
    apiFetch<OrganizationResource>(`/organizations/${encodeURIComponent(id)}`, { method: 'PATCH', body: { name } }),
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

export function useSetDefaultWebhookFormat() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.setDefaultWebhookFormat, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}

export function useSubOrganizations() {
  return useQuery({ queryKey: organizationKeys.subOrganizations(), queryFn: organizationApi.subOrganizations });
}

export function useRenameOrganization() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.rename, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}

export function useCreateSubOrganization() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.createSubOrganization, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}

export function useRenameSubOrganization() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: organizationApi.renameSubOrganization, onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }) });
}
