'use client';

import { useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { PageHeader, QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table } from '@/components/ui/table';
import { AddFormForm } from './add-form-form';
import { useForms } from './api';

export function FormsList() {
  const { canEdit } = useConsole();
  const query = useForms();
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <section className="space-y-4">
      <PageHeader
        title="Forms"
        description="Donation and registration forms of your platform. Webhooks can be limited to some of them."
        actions={
          canEdit && !adding ? (
            <Button
              data-testid="add-form"
              onClick={() => {
                setSaved(null);
                setAdding(true);
              }}
            >
              Add form
            </Button>
          ) : null
        }
      />
      <p role="status" className={saved ? 'rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800' : 'sr-only'} data-testid="form-saved">
        {saved}
      </p>
      {adding ? (
        <AddFormForm
          existing={query.data?.data ?? []}
          onCancel={() => setAdding(false)}
          onSaved={(form, updated) => {
            setAdding(false);
            setSaved(updated ? `Updated “${form.name}”.` : `Added “${form.name}”. Webhooks can now be limited to it.`);
          }}
        />
      ) : null}
      <QueryState isPending={query.isPending} error={query.error} label="forms" />
      {query.data ? (
        query.data.data.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No forms yet. Your platform registers them with <code className="font-mono">POST /api/v1/forms</code>
            {canEdit ? ', or add one here.' : '.'}
          </p>
        ) : (
          <Table
            frame="stacked"
            testId="forms-table"
            rows={query.data.data}
            rowKey={(form) => form.formId}
            columns={[
              { header: 'Name', primary: true, cell: (form) => form.name },
              { header: 'Form id', cell: (form) => <code className="break-all font-mono text-xs text-slate-600">{form.formId}</code> },
              { header: 'External id', cell: (form) => <code className="break-all font-mono text-xs text-slate-600">{form.externalId ?? '—'}</code> },
              { header: 'Status', cell: (form) => <FormStatus status={form.status} /> },
              { header: 'Updated', cell: (form) => <RelativeTime value={form.updatedAt} />, className: 'whitespace-nowrap' },
            ]}
          />
        )
      ) : null}
    </section>
  );
}

function FormStatus({ status }: { status: string }) {
  const published = status === 'published';
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        published ? 'bg-emerald-50 text-emerald-700 ring-emerald-600/20' : 'bg-slate-50 text-slate-600 ring-slate-500/20'
      }`}
    >
      {published ? 'Published' : status === 'draft' ? 'Draft' : status}
    </span>
  );
}
