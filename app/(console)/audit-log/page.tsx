import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditLogList } from '@/components/audit/audit-log-list';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditLogPage() {
  // useSearchParams (the filters in the URL) needs a Suspense boundary.
  return (
    <Suspense>
      <AuditLogList />
    </Suspense>
  );
}
