'use client';

import { Button } from '@/components/ui/button';
import { QueryState } from '@/components/ui/page';
import { useWebhooks } from '@/components/webhooks/api';
import { isEventType } from '@/lib/events/catalog/names';
import { DELIVERY_STATUSES, isInFlight, useDeliveryFeed, type DeliveryFeedFilters, type DeliveryStatus } from './api';
import { DeliveriesTable } from './deliveries-table';
import { DeliveryDrawer } from './delivery-drawer';
import { EventTypeOptions } from './event-type-options';
import { useUrlParams } from './use-url-params';

const SELECT = 'block w-full rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 sm:w-auto';

const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

function WebhookFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const webhooks = useWebhooks();
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-row sm:items-center sm:gap-2 sm:text-sm">
      Webhook
      <select className={`${SELECT} sm:max-w-56`} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)} data-testid="filter-webhook">
        <option value="">All webhooks</option>
        {webhooks.data?.data.map((webhook) => (
          <option key={webhook.webhookId} value={webhook.webhookId}>
            {webhook.name}
          </option>
        ))}
        {/* A webhook from the URL that is not in the first page of the list still shows as chosen. */}
        {value && webhooks.data && !webhooks.data.data.some((webhook) => webhook.webhookId === value) ? <option value={value}>{value}</option> : null}
      </select>
    </label>
  );
}

/**
 * Recent Deliveries, for one webhook or all of them: filters kept in the URL, keyset
 * pages behind "Load more", live while anything shown is still in flight, and a row
 * opens the delivery in a side sheet (`?delivery=<id>`).
 */
export function DeliveriesList({
  webhookId,
  emptyAction,
}: {
  /** Scopes the list to one webhook (its own route); otherwise every webhook, with a webhook filter. */
  webhookId?: string;
  /** Offered when the list is empty and unfiltered (Send a Test on a webhook's page). */
  emptyAction?: React.ReactNode;
} = {}) {
  const scope = webhookId ? 'webhook' : 'all';
  const url = useUrlParams();
  const rawStatus = url.get('status');
  const rawEvent = url.get('event');
  const filters: DeliveryFeedFilters = {
    status: DELIVERY_STATUSES.includes(rawStatus as DeliveryStatus) ? rawStatus : undefined,
    event: rawEvent && isEventType(rawEvent) ? rawEvent : undefined,
    webhookId: webhookId ?? url.get('webhookId'),
  };
  const filtered = Boolean(filters.status || filters.event || (scope === 'all' && filters.webhookId));
  const openId = url.get('delivery');

  const query = useDeliveryFeed(scope, filters);
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const live = rows.some((delivery) => isInFlight(delivery.status));

  return (
    <section className="space-y-4" aria-label="Recent deliveries">
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-row sm:items-center sm:gap-2 sm:text-sm">
          Status
          <select className={SELECT} value={filters.status ?? ''} onChange={(event) => url.set({ status: event.target.value })} data-testid="filter-status">
            <option value="">All statuses</option>
            {DELIVERY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-row sm:items-center sm:gap-2 sm:text-sm">
          Event type
          <select className={`${SELECT} sm:max-w-72`} value={filters.event ?? ''} onChange={(event) => url.set({ event: event.target.value })} data-testid="filter-event">
            <option value="">All event types</option>
            <EventTypeOptions />
          </select>
        </label>
        {scope === 'all' ? <WebhookFilter value={filters.webhookId} onChange={(id) => url.set({ webhookId: id })} /> : null}
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => url.set({ status: undefined, event: undefined, webhookId: undefined })}>
            Clear filters
          </Button>
        ) : null}
        <span aria-live="polite" className="text-xs text-slate-500 sm:ml-auto">
          {live ? (
            <span className="inline-flex items-center gap-1.5" data-testid="live-indicator">
              <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden="true" />
              Live: refreshing while deliveries are in flight
            </span>
          ) : null}
        </span>
      </div>

      <QueryState isPending={query.isPending} error={query.error} label="deliveries" />
      {query.data ? (
        rows.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="deliveries-empty">
            {filtered ? (
              <>
                <p className="text-sm font-medium text-slate-800">No deliveries match these filters.</p>
                <p className="mt-1 text-sm text-slate-500">Try another status or event type, or clear the filters.</p>
              </>
            ) : webhookId ? (
              <>
                <p className="text-sm font-medium text-slate-800">No deliveries to this webhook yet.</p>
                <p className="mt-1 text-sm text-slate-500">
                  Every event it subscribes to is delivered here, with each attempt’s request and response. Send a test to see one now.
                </p>
                {emptyAction ? <div className="mt-4 flex justify-center">{emptyAction}</div> : null}
              </>
            ) : (
              <>
                <p className="text-sm font-medium text-slate-800">No deliveries yet.</p>
                <p className="mt-1 text-sm text-slate-500">
                  When your platform sends an event (<code className="font-mono text-xs">POST /api/v1/events</code>) that a webhook subscribes to,
                  each delivery appears here with every attempt. Use “Send a Test” on a webhook to try one now.
                </p>
              </>
            )}
          </div>
        ) : (
          <>
            <DeliveriesTable
              rows={rows}
              showWebhook={scope === 'all'}
              selectedId={openId}
              onOpen={(delivery) => url.set({ delivery: delivery.id })}
            />
            <div className="flex flex-wrap items-center gap-3">
              {query.hasNextPage ? (
                <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="load-more">
                  {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              ) : null}
              <span className="text-xs text-slate-500" data-testid="deliveries-count">
                {rows.length} deliver{rows.length === 1 ? 'y' : 'ies'} shown{query.hasNextPage ? '; older ones behind “Load more”' : ''}
              </span>
            </div>
          </>
        )
      ) : null}

      <DeliveryDrawer deliveryId={openId} onClose={() => url.set({ delivery: undefined })} />
    </section>
  );
}
