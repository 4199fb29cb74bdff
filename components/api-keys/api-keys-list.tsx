'use client';

import { useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { PageHeader, QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, type Column } from '@/components/ui/table';
import { useApiKeys, type ApiKeyResource, type CreatedApiKey } from './api';
import { CreateApiKeyForm } from './create-api-key-form';
import { NewApiKeyPanel } from './new-api-key-panel';
import { RateLimitDialog } from './rate-limit-dialog';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog';

export function ApiKeysList() {
  const { canEdit } = useConsole();
  const query = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyResource | null>(null);
  const [limiting, setLimiting] = useState<ApiKeyResource | null>(null);

  return (
    <section className="space-y-4">
      <PageHeader
        title="API keys"
        description="Keys let your platform and integrations call the Tidings API. Give each key only the scopes it needs."
        actions={
          <div className="flex items-center gap-3">
            <a href="/docs/api" className="text-sm font-medium text-brand-600 hover:underline">
              API reference
            </a>
            {canEdit && !creating && !created ? (
              <Button onClick={() => setCreating(true)} data-testid="create-api-key">
                Create API key
              </Button>
            ) : null}
          </div>
        }
      />
      {canEdit ? null : (
        <p className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600" data-testid="viewer-notice">
          You are a viewer in this organization: you can see its keys, but not create or revoke them.
        </p>
      )}

      {creating ? (
        <CreateApiKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
          }}
        />
      ) : null}
      {created ? <NewApiKeyPanel created={created} onDone={() => setCreated(null)} /> : null}

      <QueryState isPending={query.isPending} error={query.error} label="API keys" />
      {query.data ? (
        query.data.data.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500" data-testid="api-keys-empty">
            No API keys yet.{canEdit ? ' Create one to let your platform send events and manage webhooks.' : ''}
          </p>
        ) : (
          <ApiKeysTable keys={query.data.data} canEdit={canEdit} onRevoke={setRevoking} onLimit={setLimiting} />
        )
      ) : null}

      {canEdit ? <RevokeApiKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} /> : null}
      {canEdit ? <RateLimitDialog apiKey={limiting} onClose={() => setLimiting(null)} /> : null}
    </section>
  );
}

function ApiKeysTable({
  keys,
  canEdit,
  onRevoke,
  onLimit,
}: {
  keys: ApiKeyResource[];
  canEdit: boolean;
  onRevoke: (key: ApiKeyResource) => void;
  onLimit: (key: ApiKeyResource) => void;
}) {
  const columns: Column<ApiKeyResource>[] = [
    { header: 'Name', primary: true, cell: (key) => key.name },
    { header: 'Key', cell: (key) => <code className="font-mono text-xs">{key.prefix}…</code> },
    {
      header: 'Scopes',
      className: 'md:max-w-xs',
      cell: (key) => (
        <ul className="inline-flex flex-wrap gap-1 align-middle" aria-label="Scopes">
          {key.scopes.map((scope) => (
            <li key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">
              {scope}
            </li>
          ))}
        </ul>
      ),
    },
    {
      header: 'Rate limit',
      className: 'whitespace-nowrap',
      cell: (key) => (
        <span className="inline-flex flex-wrap items-center gap-x-2">
          <span data-testid="api-key-rate-limit">
            {key.rateLimit.perMinute.toLocaleString('en-US')} / min{key.rateLimit.isDefault ? <span className="text-slate-500"> (default)</span> : null}
          </span>
          {canEdit && !key.revokedAt ? (
            <button
              type="button"
              className="text-sm font-medium text-brand-600 hover:underline"
              onClick={() => onLimit(key)}
              aria-label={`Change the rate limit of ${key.name}`}
            >
              Change
            </button>
          ) : null}
        </span>
      ),
    },
    { header: 'Created', className: 'whitespace-nowrap', cell: (key) => <RelativeTime value={key.createdAt} /> },
    { header: 'Last used', className: 'whitespace-nowrap', cell: (key) => <RelativeTime value={key.lastUsedAt} /> },
    { header: 'Status', className: 'whitespace-nowrap', cell: (key) => <KeyStatus revokedAt={key.revokedAt} /> },
  ];
  if (canEdit) {
    columns.push({
      header: 'Actions',
      actions: true,
      cell: (key) =>
        key.revokedAt ? null : (
          <Button variant="secondary" size="sm" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
            Revoke
          </Button>
        ),
    });
  }
  return (
    <Table
      frame="stacked"
      testId="api-keys-table"
      columns={columns}
      rows={keys}
      rowKey={(key) => key.id}
      row={(key) => ({ 'data-testid': 'api-key-row', className: key.revokedAt ? 'bg-slate-50/70 text-slate-500' : 'hover:bg-slate-50' })}
    />
  );
}

function KeyStatus({ revokedAt }: { revokedAt: number | null }) {
  if (revokedAt === null) {
    return (
      <span className="inline-flex items-center rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-600/20" data-testid="api-key-status">
        Active
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1.5 text-xs" data-testid="api-key-status">
      <span className="rounded-full bg-red-50 px-2 py-0.5 font-medium text-red-700 ring-1 ring-inset ring-red-600/20">Revoked</span>
      <span className="text-slate-500">
        <RelativeTime value={revokedAt} />
      </span>
    </span>
  );
}
