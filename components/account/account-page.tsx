'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues, FormActions, FormError } from '@/components/ui/form';
import { PageHeader } from '@/components/ui/page';
import { Section } from '@/components/ui/section';
import { ApiError } from '@/lib/api-client';
import { ZChangePassword, type ChangePasswordInput } from '@/lib/team/team-schema';

type AccountOrganization = { id: string; name: string; slug: string; parentId: string | null; role: 'owner' | 'admin' | 'viewer' };

const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' } as const;

async function postJson(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } | null;
  if (!response.ok) throw new ApiError(response.status, data?.error ?? { code: 'http_error', message: `Request failed (${response.status})` });
  return data;
}

/** The account page: who you are, your organizations, your password, and signing out everywhere. */
export function AccountPage({ email, name, currentOrganizationId, organizations }: { email: string; name: string | null; currentOrganizationId: string; organizations: AccountOrganization[] }) {
  return (
    <section className="space-y-6">
      <PageHeader title="Account" description={name ? `${name} · ${email}` : email} />
      <OrganizationsSection organizations={organizations} currentOrganizationId={currentOrganizationId} />
      <PasswordSection email={email} />
      <SignOutEverywhereSection />
    </section>
  );
}

function OrganizationsSection({ organizations, currentOrganizationId }: { organizations: AccountOrganization[]; currentOrganizationId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <Section title="Your organizations" description="Where you have a role; a role in an organization also covers its sub-organizations.">
      <ul className="divide-y divide-slate-100" data-testid="account-organizations">
        {organizations.map((organization) => (
          <li key={organization.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="account-organization">
            <span className="min-w-0">
              <span className="block truncate text-sm font-medium text-slate-900">
                {organization.parentId ? '↳ ' : ''}
                {organization.name}
              </span>
              <span className="block text-xs text-slate-500">
                {ROLE_LABELS[organization.role]} · {organization.slug}
              </span>
            </span>
            {organization.id === currentOrganizationId ? (
              <span className="text-xs font-medium text-slate-500">Current</span>
            ) : (
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Switch to ${organization.name}`}
                onClick={() => {
                  document.cookie = `tidings_org=${encodeURIComponent(organization.id)}; path=/; samesite=lax; max-age=31536000`;
                  queryClient.clear();
                  router.refresh();
                }}
              >
                Switch
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function PasswordSection({ email }: { email: string }) {
  const [done, setDone] = useState<number | null>(null);
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(ZChangePassword), defaultValues: { currentPassword: '', newPassword: '' } });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setDone(null);
    try {
      const result = (await postJson('/api/auth/password', values)) as { revokedSessions: number };
      form.reset({ currentPassword: '', newPassword: '' });
      setDone(result.revokedSessions);
    } catch (error) {
      applyApiIssues(form, error, { fields: ['currentPassword', 'newPassword'], fallback: 'The password could not be changed' });
    }
  });
  return (
    <Section title="Password" description="Changing it signs you out on every other device; this browser stays signed in.">
      <form onSubmit={submit} noValidate className="max-w-md space-y-3" aria-label="Change your password" data-testid="change-password-form">
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field label="Current password" htmlFor="current-password" error={errors.currentPassword?.message}>
          <TextInput id="current-password" type="password" autoComplete="current-password" {...fieldAria('current-password', errors.currentPassword)} {...form.register('currentPassword')} />
        </Field>
        <Field label="New password" htmlFor="new-password" error={errors.newPassword?.message} hint="At least 8 characters.">
          <TextInput id="new-password" type="password" autoComplete="new-password" {...fieldAria('new-password', errors.newPassword)} {...form.register('newPassword')} />
        </Field>
        <FormError message={errors.root?.message} />
        <FormActions submitLabel="Change password" busyLabel="Changing…" isSubmitting={isSubmitting} submitTestId="change-password" />
        {done !== null ? (
          <p role="status" className="text-sm text-green-700" data-testid="password-changed">
            Password changed. {done === 0 ? 'No other session was open.' : `${done} other session${done === 1 ? ' was' : 's were'} signed out.`}
          </p>
        ) : null}
      </form>
    </Section>
  );
}

function SignOutEverywhereSection() {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <Section title="Sessions" description="Signed in on a computer you no longer use? End every session of your account, this one included.">
      <div>
        <Button variant="danger" onClick={() => setOpen(true)} data-testid="sign-out-everywhere">
          Sign out everywhere
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setError(undefined);
        }}
        title="Sign out everywhere?"
        description="Every browser signed in to your account is signed out, this one too."
        testId="sign-out-everywhere-dialog"
        tone="danger"
        error={error}
        confirmLabel="Sign out everywhere"
        busyLabel="Signing out…"
        isPending={busy}
        confirmTestId="confirm-sign-out-everywhere"
        onConfirm={() => {
          setBusy(true);
          postJson('/api/auth/sign-out-everywhere')
            .then(() => signOut({ callbackUrl: '/sign-in' }))
            .catch((failure: unknown) => {
              if (failure instanceof ApiError && failure.status === 401) return signOut({ callbackUrl: '/sign-in' });
              setBusy(false);
              setError(failure instanceof Error ? failure.message : 'Signing out everywhere failed; try again.');
            });
        }}
      />
    </Section>
  );
}
