'use client';

import { useQuery } from '@tanstack/react-query';
import { apiKeyKeys, apiKeysApi } from '@/lib/api-client';
import { DataTable, PageHeader, QueryState } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';

export function ApiKeysList() {
  const query = useQuery({ queryKey: apiKeyKeys.list(), queryFn: apiKeysApi.list });
  return (
    <section className="space-y-4">
      <PageHeader
        title="API keys"
        description="Keys let your platform and integrations call the Tidings API. Each key has only the scopes it needs."
      />
      <QueryState isPending={query.isPending} error={query.error} label="API keys" />
      {query.data ? (
        query.data.data.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No API keys yet. Create one with <code className="font-mono">npm run tidings -- api-key create</code>.
          </p>
        ) : (
          <DataTable
            testId="api-keys-table"
            rows={query.data.data}
            rowKey={(key) => key.id}
            columns={[
              { header: 'Name', cell: (key) => <span className="font-medium">{key.name}</span> },
              { header: 'Key', cell: (key) => <code className="font-mono text-xs">{key.prefix}…</code> },
              { header: 'Scopes', cell: (key) => <span className="text-xs text-slate-600">{key.scopes.join(', ')}</span> },
              { header: 'Created', cell: (key) => <RelativeTime value={key.createdAt} /> },
              { header: 'Last used', cell: (key) => <RelativeTime value={key.lastUsedAt} /> },
              { header: 'Status', cell: (key) => (key.revokedAt ? <span className="text-red-600">Revoked</span> : <span className="text-emerald-700">Active</span>) },
            ]}
          />
        )
      ) : null}
    </section>
  );
}
