'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues, FormActions, FormCard, FormError } from '@/components/ui/form';
import { PageHeader, QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, type Column } from '@/components/ui/table';
import { ZInviteMember, type InviteMemberInput } from '@/lib/team/team-schema';
import {
  useChangeRole,
  useInvitations,
  useInvite,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
  type CreatedInvitation,
  type InvitationResource,
  type MemberResource,
  type Role,
} from './api';

const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' };
const ROLE_HINTS: Record<Role, string> = {
  owner: 'Everything, including managing owners',
  admin: 'Everything but managing owners',
  viewer: 'Sees everything, changes nothing',
};

/** The roles someone with `role` may give (owners any; admins admin and viewer). */
function grantable(role: Role): Role[] {
  return role === 'owner' ? ['owner', 'admin', 'viewer'] : ['admin', 'viewer'];
}

/** The Team page: members with their role and last sign-in, pending invitations, and inviting. */
export function TeamPage() {
  const { user, organization } = useConsole();
  const canManage = user.role !== 'viewer';
  const [inviting, setInviting] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  if (!canManage) {
    return (
      <section className="space-y-4">
        <PageHeader title="Team" description={`The people of ${organization.name}.`} />
        <p className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600" data-testid="viewer-notice">
          Only owners and admins see and manage the team.
        </p>
      </section>
    );
  }
  return (
    <section className="space-y-6">
      <PageHeader
        title="Team"
        description={`The people of ${organization.name}: owners manage everyone, admins manage admins and viewers, viewers change nothing.`}
        actions={
          !inviting && !created ? (
            <Button onClick={() => setInviting(true)} data-testid="invite-member">
              Invite someone
            </Button>
          ) : null
        }
      />
      {inviting ? (
        <InviteForm
          role={user.role}
          onCancel={() => setInviting(false)}
          onCreated={(result) => {
            setInviting(false);
            setCreated(result);
          }}
        />
      ) : null}
      {created ? <NewInvitationPanel created={created} onDone={() => setCreated(null)} /> : null}
      <MembersSection role={user.role} />
      <InvitationsSection role={user.role} />
    </section>
  );
}

function InviteForm({ role, onCancel, onCreated }: { role: Role; onCancel: () => void; onCreated: (created: CreatedInvitation) => void }) {
  const invite = useInvite();
  const form = useForm<InviteMemberInput>({ resolver: zodResolver(ZInviteMember), defaultValues: { email: '', role: 'viewer' } });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    try {
      onCreated(await invite.mutateAsync(values));
    } catch (error) {
      applyApiIssues(form, error, { fields: ['email', 'role'], fallback: 'The invitation could not be created' });
    }
  });
  return (
    <FormCard title="Invite someone" headingId="invite-heading" testId="invite-form" onSubmit={submit}>
      <Field label="Email" htmlFor="invite-email" error={errors.email?.message}>
        <TextInput id="invite-email" type="email" autoComplete="off" autoFocus {...fieldAria('invite-email', errors.email)} {...form.register('email')} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Role</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {grantable(role).map((option) => (
            <label key={option} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/40">
              <input type="radio" value={option} className="mt-0.5" data-testid={`invite-role-${option}`} {...form.register('role')} />
              <span>
                <span className="block font-medium text-slate-900">{ROLE_LABELS[option]}</span>
                <span className="block text-xs text-slate-500">{ROLE_HINTS[option]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.role?.message ? <p className="text-xs text-red-600" role="alert">{errors.role.message}</p> : null}
      </fieldset>
      <FormError message={errors.root?.message} />
      <FormActions submitLabel="Create invitation" busyLabel="Inviting…" isSubmitting={isSubmitting} onCancel={onCancel} submitTestId="send-invitation" />
    </FormCard>
  );
}

/** The only time the link is on screen: Tidings keeps its hash. */
function NewInvitationPanel({ created, onDone }: { created: CreatedInvitation; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section aria-labelledby="new-invitation-heading" className="space-y-3 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4 shadow-sm sm:p-5" data-testid="new-invitation-panel">
      <h2 id="new-invitation-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
        Invitation for {created.invitation.email} ({created.invitation.role})
      </h2>
      <p className="text-sm text-slate-700" role="note">
        {created.emailed ? 'It was sent by email, with a link of its own that confirms their address. ' : 'No email was sent (no mail server is configured). '}
        This copy is shown only this once, works once (either link), and expires <RelativeTime value={created.invitation.expiresAt} />. A new account made
        through a copied link belongs to this organization only until a link sent by email confirms its address.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="invitation-link" className="sr-only">
          Invitation link
        </label>
        <input
          id="invitation-link"
          readOnly
          value={created.url}
          data-testid="invitation-link"
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <CopyButton value={created.url} label="Copy link" testId="copy-invitation-link" />
      </div>
      <Button variant="secondary" onClick={onDone} data-testid="new-invitation-done">
        Done
      </Button>
    </section>
  );
}

function MembersSection({ role }: { role: Role }) {
  const members = useMembers();
  const changeRole = useChangeRole();
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberResource | null>(null);
  const manageable = (member: MemberResource) => role === 'owner' || member.role !== 'owner';

  const columns: Column<MemberResource>[] = [
    {
      header: 'Member',
      primary: true,
      cell: (member) => (
        <span className="min-w-0">
          {/* A long name or email is cut, never the "(you)" after it. */}
          <span className="flex min-w-0 items-baseline gap-1 font-medium text-slate-900">
            <span className="truncate">{member.name ?? member.email}</span>
            {member.you ? <span className="shrink-0 text-xs font-normal text-slate-500">(you)</span> : null}
          </span>
          {member.name ? <span className="block truncate text-xs text-slate-500">{member.email}</span> : null}
        </span>
      ),
    },
    {
      header: 'Role',
      cell: (member) =>
        manageable(member) ? (
          <select
            aria-label={`Role of ${member.email}`}
            data-testid="member-role"
            value={member.role}
            disabled={changeRole.isPending}
            onChange={(event) => {
              setProblem(null);
              changeRole.mutate({ id: member.id, role: event.target.value as Role }, { onError: (error) => setProblem(`Could not change the role of ${member.email}: ${error.message}`) });
            }}
            className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm"
          >
            {(role === 'owner' ? (['owner', 'admin', 'viewer'] as Role[]) : (['admin', 'viewer'] as Role[])).map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        ) : (
          <span data-testid="member-role-text">{ROLE_LABELS[member.role]}</span>
        ),
    },
    { header: 'Last sign-in', className: 'whitespace-nowrap', cell: (member) => <RelativeTime value={member.lastSignInAt} empty="Never" /> },
    { header: 'Joined', className: 'whitespace-nowrap', cell: (member) => <RelativeTime value={member.joinedAt} /> },
    {
      header: 'Actions',
      actions: true,
      cell: (member) =>
        manageable(member) ? (
          <Button variant="secondary" size="sm" onClick={() => setRemoving(member)} aria-label={`Remove ${member.email}`} data-testid="remove-member">
            Remove
          </Button>
        ) : null,
    },
  ];

  return (
    <section aria-labelledby="members-heading" className="space-y-3">
      <h2 id="members-heading" className="text-lg font-semibold">
        Members
      </h2>
      <QueryState isPending={members.isPending} error={members.error} label="members" />
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="member-problem">
          {problem}
        </p>
      ) : null}
      {members.data ? (
        <Table
          frame="stacked"
          testId="members-table"
          columns={columns}
          rows={members.data.data}
          rowKey={(member) => member.id}
          row={(member) => ({ 'data-testid': 'member-row', 'data-email': member.email, className: 'hover:bg-slate-50' })}
        />
      ) : null}
      <RemoveMemberDialog member={removing} onClose={() => setRemoving(null)} />
    </section>
  );
}

function RemoveMemberDialog({ member, onClose }: { member: MemberResource | null; onClose: () => void }) {
  const remove = useRemoveMember();
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    setError(undefined);
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={member !== null}
      onClose={close}
      title={`Remove ${member?.email ?? ''}?`}
      description={
        member?.you
          ? 'You lose access to this organization and its sub-organizations at once: every session you have is signed out.'
          : 'They lose access to this organization and its sub-organizations at once: every session they have is signed out.'
      }
      testId="remove-member-dialog"
      tone="danger"
      error={error}
      confirmLabel="Remove"
      busyLabel="Removing…"
      isPending={remove.isPending}
      confirmTestId="confirm-remove-member"
      onConfirm={() => {
        if (!member) return;
        remove.mutate(member.id, { onSuccess: close, onError: (failure) => setError(`Could not remove ${member.email}: ${failure.message}`) });
      }}
    />
  );
}

function InvitationsSection({ role }: { role: Role }) {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [problem, setProblem] = useState<string | null>(null);
  const columns: Column<InvitationResource>[] = [
    { header: 'Email', primary: true, cell: (invitation) => invitation.email },
    { header: 'Role', cell: (invitation) => ROLE_LABELS[invitation.role] },
    { header: 'Invited by', cell: (invitation) => invitation.invitedBy ?? '—' },
    { header: 'Expires', className: 'whitespace-nowrap', cell: (invitation) => <RelativeTime value={invitation.expiresAt} /> },
    {
      header: 'Actions',
      actions: true,
      cell: (invitation) =>
        role === 'owner' || invitation.role !== 'owner' ? (
          <Button
            variant="secondary"
            size="sm"
            aria-label={`Revoke the invitation of ${invitation.email}`}
            data-testid="revoke-invitation"
            disabled={revoke.isPending}
            onClick={() => {
              setProblem(null);
              revoke.mutate(invitation.id, { onError: (error) => setProblem(`Could not revoke: ${error.message}`) });
            }}
          >
            Revoke
          </Button>
        ) : null,
    },
  ];
  return (
    <section aria-labelledby="invitations-heading" className="space-y-3">
      <h2 id="invitations-heading" className="text-lg font-semibold">
        Pending invitations
      </h2>
      <QueryState isPending={invitations.isPending} error={invitations.error} label="invitations" />
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      {invitations.data ? (
        invitations.data.data.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-6 text-center text-sm text-slate-500" data-testid="invitations-empty">
            No pending invitations.
          </p>
        ) : (
          <Table
            frame="stacked"
            testId="invitations-table"
            columns={columns}
            rows={invitations.data.data}
            rowKey={(invitation) => invitation.id}
            row={(invitation) => ({ 'data-testid': 'invitation-row', 'data-email': invitation.email, className: 'hover:bg-slate-50' })}
          />
        )
      ) : null}
    </section>
  );
}
