import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InboxPage } from '@/components/inbox/inbox-page';

export const metadata: Metadata = { title: 'Inbox' };

export default function InboxRoute() {
  // The selected inbox lives in the query string, which client components read under Suspense.
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading inboxes…</p>}>
      <InboxPage />
    </Suspense>
  );
}
