'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { deliveriesApi, deliveryKeys, type DeliveryFilters } from '@/lib/api-client';
import { Button } from '@/components/ui/button';
import { DataTable, PageHeader, QueryState } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';

const STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED'];

export function DeliveriesList({ webhookId }: { webhookId?: string } = {}) {
  const [filters, setFilters] = useState<DeliveryFilters>({ webhookId });
  const query = useInfiniteQuery({
    queryKey: deliveryKeys.list(filters),
    queryFn: ({ pageParam }) => deliveriesApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Live while anything shown is still on its way.
    refetchInterval: (state) =>
      state.state.data?.pages.some((page) => page.data.some((d) => d.status === 'PENDING' || d.status === 'RETRYING')) ? 2_000 : false,
  });
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section className="space-y-4">
      <PageHeader title="Deliveries" description="Every event sent to every webhook, newest first, with each attempt." />
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Status
          <select
            className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm"
            value={filters.status ?? ''}
            onChange={(event) => setFilters((current) => ({ ...current, status: event.target.value || undefined }))}
          >
            <option value="">All</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>{status.charAt(0) + status.slice(1).toLowerCase()}</option>
            ))}
          </select>
        </label>
      </div>
      <QueryState isPending={query.isPending} error={query.error} label="deliveries" />
      {query.data ? (
        rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No deliveries yet. Events your platform sends appear here as they are delivered.
          </p>
        ) : (
          <>
            <DataTable
              testId="deliveries-table"
              rows={rows}
              rowKey={(delivery) => delivery.id}
              columns={[
                { header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
                { header: 'Event', cell: (d) => <span className="font-mono text-xs">{d.eventType}{d.test ? ' (test)' : ''}</span> },
                { header: 'Delivery', cell: (d) => <code className="font-mono text-xs text-slate-500">{d.id}</code> },
                { header: 'Response', cell: (d) => <span className="tabular-nums">{d.lastStatusCode ?? (d.lastError ? 'error' : '—')}</span> },
                { header: 'Attempts', cell: (d) => <span className="tabular-nums">{d.attemptCount}</span>, className: 'text-right' },
                { header: 'Created', cell: (d) => <RelativeTime value={d.createdAt} /> },
              ]}
            />
            {query.hasNextPage ? (
              <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            ) : null}
          </>
        )
      ) : null}
    </section>
  );
}
