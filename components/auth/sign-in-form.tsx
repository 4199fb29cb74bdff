'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';
import { safeCallbackPath } from '@/lib/auth/safe-callback-url';

const ZSignInForm = z.object({
  email: z.email('Enter a valid email address'),
  password: z.string().min(1, 'Enter your password'),
});

type SignInValues = z.infer<typeof ZSignInForm>;

// The codes lib/auth/auth-options.ts throws; anything else is a wrong email or password.
const SIGN_IN_ERRORS: Record<string, string> = {
  rate_limited: 'Too many attempts. Wait a few minutes and try again.',
  web_server_required: 'Sign-in is turned off on this server: start Tidings with npm run web (or npm start), not next start.',
};

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<SignInValues>({ resolver: zodResolver(ZSignInForm), defaultValues: { email: '', password: '' } });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      setError(SIGN_IN_ERRORS[result?.error ?? ''] ?? 'Incorrect email or password.');
      return;
    }
    // The page passes a same-origin path (lib/auth/safe-callback-url.ts); checked again here,
    // so this component can never be the open redirect.
    window.location.assign(safeCallbackPath(callbackUrl));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      {error ? (
        <div role="alert" data-testid="sign-in-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </div>
      ) : null}
      <Field label="Email" htmlFor="email" error={form.formState.errors.email?.message}>
        <TextInput id="email" type="email" autoComplete="username" autoFocus {...form.register('email')} />
      </Field>
      <Field label="Password" htmlFor="password" error={form.formState.errors.password?.message}>
        <TextInput id="password" type="password" autoComplete="current-password" {...form.register('password')} />
      </Field>
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
