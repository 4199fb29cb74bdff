'use client';

import { useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { useUrlParams } from '@/components/deliveries/use-url-params';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/field';
import { PageHeader, QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, type Column } from '@/components/ui/table';
import { AUDIT_ACTION_GROUPS } from '@/lib/audit/audit-actions';
import { useAuditLog, type AuditFilters, type AuditLogItem } from './api';

const SELECT = 'block w-full rounded-md border border-slate-300 bg-white py-2 pl-2 pr-8 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30';
const LABEL = 'flex flex-col gap-1 text-xs font-medium text-slate-600';

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function ChangeLine({ field, value }: { field: string; value: unknown }) {
  const diff = value && typeof value === 'object' && !Array.isArray(value) && 'before' in value && 'after' in value ? (value as { before: unknown; after: unknown }) : null;
  return (
    <li className="break-all">
      <span className="text-slate-500">{field}:</span> {diff ? `${short(diff.before)} → ${short(diff.after)}` : short(value)}
    </li>
  );
}

/** `field: before → after` for updates, `field: value` for what was created or deleted. */
function ChangesCell({ changes }: { changes: unknown }) {
  if (!changes || typeof changes !== 'object') return <span className="text-slate-400">—</span>;
  const entries = Object.entries(changes as Record<string, unknown>);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs text-slate-700">
      {entries.slice(0, 6).map(([field, value]) => (
        <ChangeLine key={field} field={field} value={value} />
      ))}
      {entries.length > 6 ? (
        <li>
          <details>
            <summary className="cursor-pointer text-slate-500">and {entries.length - 6} more</summary>
            <ul className="space-y-0.5">
              {entries.slice(6).map(([field, value]) => (
                <ChangeLine key={field} field={field} value={value} />
              ))}
            </ul>
          </details>
        </li>
      ) : null}
    </ul>
  );
}

function actorText(row: AuditLogItem): string {
  if (row.actor.type === 'cli') return `CLI${row.actor.label ? ` (${row.actor.label})` : ''}`;
  if (row.actor.type === 'portalLink') return `Portal link ${row.actor.id ?? ''}`.trim();
  if (row.actor.type === 'apiKey') return `API key ${row.actor.label ?? row.actor.id ?? ''}`.trim();
  return row.actor.label ?? row.actor.id ?? 'unknown user';
}

const COLUMNS: Column<AuditLogItem>[] = [
  { header: 'Action', primary: true, rowHeader: true, className: 'text-left', cell: (row) => <code className="font-mono text-xs font-semibold text-slate-900">{row.action}</code>, cellProps: () => ({ 'data-testid': 'audit-action' }) },
  { header: 'When', cell: (row) => <RelativeTime value={row.createdAt} />, cellProps: (row) => ({ title: new Date(row.createdAt * 1000).toISOString() }), className: 'whitespace-nowrap md:w-32' },
  { header: 'Actor', cell: (row) => <span className="break-words">{actorText(row)}</span>, cellProps: () => ({ 'data-testid': 'audit-actor' }) },
  {
    header: 'Target',
    cell: (row) => (
      <span className="break-all">
        {row.target.type}
        {row.target.id ? <code className="ml-1 font-mono text-xs text-slate-600">{row.target.id}</code> : null}
      </span>
    ),
  },
  { header: 'Changes', cell: (row) => <ChangesCell changes={row.changes} />, className: 'md:max-w-md' },
  { header: 'Address', cell: (row) => <span className="font-mono text-xs">{row.address ?? '—'}</span> },
];

/** The audit log: newest first, filters kept in the URL (so a view can be shared), keyset pages behind "Load more". */
export function AuditLogList() {
  const { canEdit } = useConsole();
  const url = useUrlParams();
  const filters: AuditFilters = { actor: url.get('actor'), target: url.get('target'), action: url.get('action'), since: url.get('since'), until: url.get('until') };
  const [actor, setActor] = useState(filters.actor ?? '');
  const [target, setTarget] = useState(filters.target ?? '');
  const filtered = Object.values(filters).some(Boolean);
  const query = useAuditLog(filters, canEdit);
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];

  if (!canEdit) {
    return (
      <section className="space-y-4">
        <PageHeader title="Audit log" description="Who changed what, when and from where." />
        <p className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600" data-testid="viewer-notice">
          The audit log is for owners and admins of this organization.
        </p>
      </section>
    );
  }

  const dayToIso = (day: string, end: boolean) => (day ? new Date(`${day}T00:00:00Z`).getTime() / 1000 + (end ? 86_400 : 0) : undefined);
  const isoToDay = (value: string | undefined, end: boolean) => (value && /^\d+$/.test(value) ? new Date((Number(value) - (end ? 86_400 : 0)) * 1000).toISOString().slice(0, 10) : '');

  return (
    <section className="space-y-4" aria-label="Audit log">
      <PageHeader
        title="Audit log"
        description="Every change made in the console, with an API key or the CLI: who, what, which fields (secrets masked), when and from which address. Kept for TIDINGS_AUDIT_RETENTION_DAYS (365 by default)."
      />
      <form
        className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto_auto_auto] lg:items-end"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          url.set({ actor: actor.trim() || undefined, target: target.trim() || undefined });
        }}
      >
        <label className={LABEL}>
          Actor
          <TextInput value={actor} onChange={(event) => setActor(event.target.value)} placeholder="Email, user or key id, or cli" data-testid="filter-actor" />
        </label>
        <label className={LABEL}>
          Target id
          <TextInput value={target} onChange={(event) => setTarget(event.target.value)} placeholder="wh_…, key_…, form_…" data-testid="filter-target" />
        </label>
        <label className={LABEL}>
          Action
          <select className={SELECT} value={filters.action ?? ''} onChange={(event) => url.set({ action: event.target.value || undefined, actor: actor.trim() || undefined, target: target.trim() || undefined })} data-testid="filter-action">
            <option value="">All actions</option>
            {AUDIT_ACTION_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                <option value={`${group.actions[0].split('.')[0]}.*`}>{group.any}</option>
                {group.actions.map((action) => (
                  <option key={action} value={action}>
                    {action}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          From
          <TextInput type="date" value={isoToDay(filters.since, false)} onChange={(event) => url.set({ since: String(dayToIso(event.target.value, false) ?? '') || undefined })} data-testid="filter-since" />
        </label>
        <label className={LABEL}>
          To
          <TextInput type="date" value={isoToDay(filters.until, true)} onChange={(event) => url.set({ until: String(dayToIso(event.target.value, true) ?? '') || undefined })} data-testid="filter-until" />
        </label>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary" data-testid="apply-filters">
            Apply
          </Button>
          {filtered ? (
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setActor('');
                setTarget('');
                url.set({ actor: undefined, target: undefined, action: undefined, since: undefined, until: undefined });
              }}
            >
              Clear
            </Button>
          ) : null}
        </div>
      </form>

      <QueryState isPending={query.isPending} error={query.error} label="the audit log" />
      {query.data ? (
        rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500" data-testid="audit-empty">
            {filtered ? 'No audit rows match these filters.' : 'Nothing has been changed yet.'}
          </p>
        ) : (
          <>
            <Table columns={COLUMNS} rows={rows} rowKey={(row) => row.id} frame="stacked" testId="audit-table" caption="Audit log, newest first" row={(row) => ({ 'data-testid': 'audit-row', 'data-action': row.action })} />
            <div className="flex flex-wrap items-center gap-3">
              {query.hasNextPage ? (
                <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="load-more">
                  {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              ) : null}
              <span className="text-xs text-slate-500" data-testid="audit-count">
                {rows.length} row{rows.length === 1 ? '' : 's'} shown{query.hasNextPage ? '; older ones behind “Load more”' : ''}
              </span>
            </div>
          </>
        )
      ) : null}
    </section>
  );
}
