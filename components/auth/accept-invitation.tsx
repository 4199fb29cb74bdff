'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { ApiError, apiFetch } from '@/lib/api-client';
import type { InvitationOffer } from '@/lib/team/accept-invitation';

type Accepted = { email: string; organizationId: string; organizationName: string; role: string; newUser: boolean };

type State =
  | { kind: 'loading' }
  | { kind: 'unusable'; title: string; message: string }
  | { kind: 'offer'; token: string; offer: InvitationOffer };

const ROLE_TEXT: Record<string, string> = { owner: 'an owner', admin: 'an admin', viewer: 'a viewer (read-only)' };
const TITLES: Record<string, string> = { accepted: 'This invitation has been used', revoked: 'This invitation was withdrawn', expired: 'This invitation has expired' };

/** The invitation page: what the link offers, then a name and password (or only the password). */
export function AcceptInvitation() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    if (!token) {
      setState({ kind: 'unusable', title: 'This link is incomplete', message: 'Open the whole link from your invitation, including the part after “#”.' });
      return;
    }
    apiFetch<InvitationOffer>('/invitations/lookup', { method: 'POST', body: { token } })
      .then((offer) =>
        setState(offer.status === 'pending' ? { kind: 'offer', token, offer } : { kind: 'unusable', title: TITLES[offer.status], message: offer.message ?? '' }),
      )
      .catch((error: unknown) =>
        setState({
          kind: 'unusable',
          title: error instanceof ApiError && error.status === 404 ? 'This invitation link is not valid' : 'The invitation could not be opened',
          message: error instanceof Error ? error.message : 'Try again in a moment.',
        }),
      );
  }, []);

  if (state.kind === 'loading') {
    return (
      <p className="text-center text-sm text-slate-500" data-testid="invitation-loading">
        Opening the invitation…
      </p>
    );
  }
  if (state.kind === 'unusable') {
    return (
      <div role="alert" className="space-y-3 rounded-xl border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900" data-testid="invitation-unusable">
        <h2 className="text-base font-semibold">{state.title}</h2>
        <p>{state.message}</p>
        <p>
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            Go to sign in
          </Link>
        </p>
      </div>
    );
  }
  return <AcceptForm token={state.token} offer={state.offer} onUnusable={(title, message) => setState({ kind: 'unusable', title, message })} />;
}

function AcceptForm({ token, offer, onUnusable }: { token: string; offer: InvitationOffer; onUnusable: (title: string, message: string) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string; confirm?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!offer.existingUser) {
      if (!name.trim()) found.name = 'Enter your name';
      if (password.length < 8) found.password = 'Passwords are at least 8 characters';
      else if (password !== confirm) found.confirm = 'The passwords do not match';
    } else if (!password) {
      found.password = 'Enter your password';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const accepted = await apiFetch<Accepted>('/invitations/accept', {
        method: 'POST',
        body: offer.existingUser ? { token, password } : { token, name: name.trim(), password },
      });
      // The token has done its work: out of the address bar and the history.
      window.history.replaceState(null, '', '/invitation');
      const result = await signIn('credentials', { email: accepted.email, password, redirect: false });
      if (!result || result.error) {
        window.location.assign('/sign-in');
        return;
      }
      // Open the organization just joined (an existing user has several).
      document.cookie = `tidings_org=${encodeURIComponent(accepted.organizationId)}; path=/; samesite=lax; max-age=31536000`;
      window.location.assign('/');
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 410) {
        onUnusable('This invitation can no longer be used', error.message);
        return;
      }
      const issues = error instanceof ApiError ? (error.body.issues ?? []) : [];
      const next: typeof errors = {};
      for (const issue of issues) {
        if (issue.path === 'name') next.name = issue.message;
        else if (issue.path === 'password') next.password = issue.message;
      }
      if (!next.name && !next.password) next.form = error instanceof Error ? error.message : 'The invitation could not be accepted';
      setErrors(next);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="accept-invitation-form">
      <div className="space-y-1">
        <p className="text-sm text-slate-700" data-testid="invitation-offer">
          You are invited to <strong className="font-semibold text-slate-900">{offer.organizationName}</strong> as {ROLE_TEXT[offer.role] ?? offer.role}.
        </p>
        <p className="text-sm text-slate-500">
          {offer.existingUser ? (
            <>
              You already have an account as <strong className="font-medium text-slate-700">{offer.email}</strong>: enter its password and the organization is added to it.
            </>
          ) : (
            <>
              Your account will be <strong className="font-medium text-slate-700">{offer.email}</strong>.
            </>
          )}
        </p>
      </div>
      {errors.form ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="accept-error">
          {errors.form}
        </div>
      ) : null}
      {offer.existingUser ? null : (
        <Field label="Your name" htmlFor="invitation-name" error={errors.name}>
          <TextInput id="invitation-name" autoComplete="name" autoFocus value={name} onChange={(event) => setName(event.target.value)} {...fieldAria('invitation-name', errors.name)} />
        </Field>
      )}
      <Field label={offer.existingUser ? 'Your password' : 'Choose a password'} htmlFor="invitation-password" error={errors.password} hint={offer.existingUser ? undefined : 'At least 8 characters.'}>
        <TextInput
          id="invitation-password"
          type="password"
          autoComplete={offer.existingUser ? 'current-password' : 'new-password'}
          autoFocus={offer.existingUser}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          {...fieldAria('invitation-password', errors.password)}
        />
      </Field>
      {offer.existingUser ? null : (
        <Field label="Repeat the password" htmlFor="invitation-confirm" error={errors.confirm}>
          <TextInput id="invitation-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} {...fieldAria('invitation-confirm', errors.confirm)} />
        </Field>
      )}
      {/* The email as a hidden username, so password managers file the new password under it. */}
      <input type="email" name="username" autoComplete="username" value={offer.email} readOnly hidden />
      <Button type="submit" className="w-full" disabled={busy} data-testid="accept-invitation">
        {busy ? 'Joining…' : `Join ${offer.organizationName}`}
      </Button>
    </form>
  );
}
