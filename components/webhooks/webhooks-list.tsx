'use client';

import { useQuery } from '@tanstack/react-query';
import { webhookKeys, webhooksApi } from '@/lib/api-client';
import type { WebhookResource } from '@/lib/webhooks/serialize-webhook';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';

export function summarizeEvents(events: string[]): string {
  if (events.includes('*')) return 'All events';
  if (events.length <= 2) return events.join(', ');
  return `${events.slice(0, 2).join(', ')} +${events.length - 2} more`;
}

export function WebhooksList() {
  const query = useQuery({ queryKey: webhookKeys.list(), queryFn: webhooksApi.list });

  return (
    <section aria-labelledby="webhooks-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="webhooks-heading" className="text-2xl font-semibold tracking-tight">Webhooks</h1>
          <p className="mt-1 text-sm text-slate-500">
            Each webhook receives the events it subscribes to as signed HTTP POSTs.
          </p>
        </div>
      </div>

      {query.isPending ? (
        <p className="text-sm text-slate-500" data-testid="webhooks-loading">Loading webhooks…</p>
      ) : query.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not load webhooks: {query.error.message}
        </p>
      ) : query.data.data.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="webhooks-empty">
          <h2 className="text-base font-semibold">No webhooks yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
            Add a webhook with the URL of your server and the events it should receive. Tidings signs every request
            and retries until your server answers with a 2xx.
          </p>
        </div>
      ) : (
        <WebhooksTable webhooks={query.data.data} />
      )}
    </section>
  );
}

function WebhooksTable({ webhooks }: { webhooks: WebhookResource[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="webhooks-table">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Events</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3 text-right">Delivered</th>
            <th scope="col" className="px-4 py-3">Last delivery</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {webhooks.map((webhook) => (
            <tr key={webhook.webhookId} data-testid="webhook-row" className="hover:bg-slate-50">
              <td className="max-w-xs px-4 py-3">
                <div className="font-medium text-slate-900">{webhook.name}</div>
                <div className="truncate font-mono text-xs text-slate-500" title={webhook.url}>{webhook.url}</div>
              </td>
              <td className="px-4 py-3 text-slate-600">{summarizeEvents(webhook.events)}</td>
              <td className="px-4 py-3">
                <StatusBadge status={webhook.status} />
                {webhook.disabledReason ? <div className="mt-1 text-xs text-red-600">{webhook.disabledReason}</div> : null}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                <span className="text-emerald-700">{webhook.successCount} ok</span>
                <span className="text-slate-300"> / </span>
                <span className={webhook.failureCount > 0 ? 'text-red-600' : 'text-slate-500'}>{webhook.failureCount} failed</span>
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                <RelativeTime value={webhook.lastDeliveryAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
