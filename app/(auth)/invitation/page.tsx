import type { Metadata } from 'next';
import { AcceptInvitation } from '@/components/auth/accept-invitation';

export const metadata: Metadata = { title: 'Accept invitation' };

// The link's token is in the fragment (#tdi_…), which the browser never sends to a server:
// the page reads it and asks the API what it offers.
export default function InvitationPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-11 w-11 items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white">T</div>
          <h1 className="text-2xl font-semibold tracking-tight">Join Tidings</h1>
        </div>
        <AcceptInvitation />
      </div>
    </main>
  );
}
