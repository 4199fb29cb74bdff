'use client';

import { useQuery } from '@tanstack/react-query';
import { formKeys, formsApi } from '@/lib/api-client';
import { DataTable, PageHeader, QueryState } from '@/components/ui/data-table';

export function FormsList() {
  const query = useQuery({ queryKey: formKeys.list(), queryFn: formsApi.list });
  return (
    <section className="space-y-4">
      <PageHeader title="Forms" description="Donation and registration forms of your platform. Webhooks can be limited to some of them." />
      <QueryState isPending={query.isPending} error={query.error} label="forms" />
      {query.data ? (
        query.data.data.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No forms yet. Your platform registers them with <code className="font-mono">POST /api/v1/forms</code>.
          </p>
        ) : (
          <DataTable
            testId="forms-table"
            rows={query.data.data}
            rowKey={(form) => form.formId}
            columns={[
              { header: 'Name', cell: (form) => <span className="font-medium">{form.name}</span> },
              { header: 'Form id', cell: (form) => <code className="font-mono text-xs text-slate-600">{form.formId}</code> },
              { header: 'External id', cell: (form) => <code className="font-mono text-xs text-slate-600">{form.externalId ?? '—'}</code> },
              { header: 'Status', cell: (form) => <span className="capitalize text-slate-700">{form.status}</span> },
            ]}
          />
        )
      ) : null}
    </section>
  );
}
