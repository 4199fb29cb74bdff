import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/api-client';
import type { InvitationResource } from '@/lib/team/invitations';
import type { MemberResource } from '@/lib/team/members';
import type { InviteMemberInput } from '@/lib/team/team-schema';

export type { InvitationResource, MemberResource };
export type Role = MemberResource['role'];

/** The creation response: `url` is the link, shown this once. */
export type CreatedInvitation = { invitation: InvitationResource; url: string; emailed: boolean };

export const teamKeys = {
  all: ['team'] as const,
  members: () => [...teamKeys.all, 'members'] as const,
  invitations: () => [...teamKeys.all, 'invitations'] as const,
};

export const teamApi = {
  members: () => apiFetch<Page<MemberResource>>('/members'),
  invitations: () => apiFetch<Page<InvitationResource>>('/invitations'),
  invite: (input: InviteMemberInput) => apiFetch<CreatedInvitation>('/invitations', { method: 'POST', body: input }),
  revokeInvitation: (id: string) => apiFetch<InvitationResource>(`/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  changeRole: ({ id, role }: { id: string; role: Role }) => apiFetch<MemberResource>(`/members/${encodeURIComponent(id)}`, { method: 'PATCH', body: { role } }),
  remove: (id: string) => apiFetch<MemberResource>(`/members/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export function useMembers() {
  return useQuery({ queryKey: teamKeys.members(), queryFn: teamApi.members });
}

export function useInvitations() {
  return useQuery({ queryKey: teamKeys.invitations(), queryFn: teamApi.invitations });
}

function useTeamMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }) });
}

export const useInvite = () => useTeamMutation(teamApi.invite);
export const useRevokeInvitation = () => useTeamMutation(teamApi.revokeInvitation);
export const useChangeRole = () => useTeamMutation(teamApi.changeRole);
export const useRemoveMember = () => useTeamMutation(teamApi.remove);
