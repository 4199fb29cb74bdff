import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallbackPath } from '@/lib/auth/safe-callback-url';
import { env } from '@/lib/env';
import { readStampedClientAddress } from '@/lib/http/client-address';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  // Only a path on this origin: an open redirect after sign-in would be a phishing aid.
  const target = safeCallbackPath(callbackUrl);
  // Sign-in counts failures by the client's address, which only our web server knows
  // (lib/auth/auth-options.ts): under a bare `next start` it is refused, and the page says so.
  const requestHeaders = await headers();
  const configuration = env();
  const throughOurServer =
    configuration.NODE_ENV === 'development' || readStampedClientAddress((name) => requestHeaders.get(name), configuration.NEXTAUTH_SECRET) !== undefined;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-11 w-11 items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white">
            T
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Tidings</h1>
          <p className="mt-1 text-sm text-slate-500">Webhooks for your donation and registration platform</p>
        </div>
        {throughOurServer ? (
          <SignInForm callbackUrl={target} />
        ) : (
          <div role="alert" data-testid="sign-in-unavailable" className="rounded-xl border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900">
            Sign-in is turned off: this server was started with <code>next start</code>, which cannot tell where a request comes from. Start
            Tidings with <code>npm run web</code> (or <code>npm start</code>).
          </div>
        )}
      </div>
    </main>
  );
}
