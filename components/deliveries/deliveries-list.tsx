'use client';

import { useEffect, useRef, useState } from 'react';
import { useForms } from '@/components/forms/api';
import { Button } from '@/components/ui/button';
import { QueryState } from '@/components/ui/page';
import { useWebhooks } from '@/components/webhooks/api';
import { expandEventPattern, SEARCH_TEXT_MAX, SEARCH_TEXT_MIN } from '@/lib/deliveries/delivery-search-schema';
import { DELIVERY_STATUSES, isInFlight, useDeliveryFeed, useDeliverySource, type DeliveryFeedFilters, type DeliveryStatus } from './api';
import { DeliveriesTable } from './deliveries-table';
import { DeliveryDrawer } from './delivery-drawer';
import { EventTypeOptions } from './event-type-options';
import { useUrlParams } from './use-url-params';

const SELECT = 'block w-full rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 sm:w-auto';

const INPUT = 'block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30';
const LABEL = 'flex flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-row sm:items-center sm:gap-2 sm:text-sm';

/** The filters the URL may carry, in the order they are shown. */
const FILTER_PARAMS = ['q', 'status', 'event', 'webhookId', 'formId', 'resourceId', 'since', 'until'] as const;

/** An ISO time from the URL as a datetime-local value (the browser's own time zone), and back. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
const isTime = (value: string | undefined) => Boolean(value && !Number.isNaN(new Date(value).getTime()));

/**
 * A text filter typed into the page: the URL (and so the query) follows 300 ms after the
 * last keystroke, and a change of the URL from elsewhere (Clear filters) shows here.
 */
function useDebouncedParam(value: string | undefined, onSettle: (value: string | undefined) => void) {
  const [text, setText] = useState(value ?? '');
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    setLastValue(value);
    setText(value ?? '');
  }
  const settle = useRef(onSettle);
  useEffect(() => {
    settle.current = onSettle;
  });
  useEffect(() => {
    if (text.trim() === (value ?? '')) return;
    const timer = setTimeout(() => settle.current(text.trim() || undefined), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  return [text, setText] as const;
}

function FormFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const forms = useForms();
  return (
    <label className={LABEL}>
      Form
      <select className={`${SELECT} sm:max-w-48`} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)} data-testid="filter-form">
        <option value="">All forms</option>
        {forms.data?.data.map((form) => (
          <option key={form.formId} value={form.formId}>
            {form.name}
          </option>
        ))}
        {value && forms.data && !forms.data.data.some((form) => form.formId === value) ? <option value={value}>{value}</option> : null}
      </select>
    </label>
  );
}

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
  const source = useDeliverySource();
  const rawStatus = url.get('status');
  const rawEvent = url.get('event');
  const rawQ = url.get('q');
  const filters: DeliveryFeedFilters = {
    q: rawQ && rawQ.trim().length >= SEARCH_TEXT_MIN ? rawQ.trim().slice(0, SEARCH_TEXT_MAX) : undefined,
    status: DELIVERY_STATUSES.includes(rawStatus as DeliveryStatus) ? rawStatus : undefined,
    event: rawEvent && expandEventPattern(rawEvent).length > 0 ? rawEvent : undefined,
    webhookId: webhookId ?? url.get('webhookId'),
    formId: source.formFilter ? url.get('formId') : undefined,
    resourceId: url.get('resourceId')?.slice(0, 100),
    since: isTime(url.get('since')) ? url.get('since') : undefined,
    until: isTime(url.get('until')) ? url.get('until') : undefined,
  };
  const filtered = Boolean(
    filters.q || filters.status || filters.event || filters.formId || filters.resourceId || filters.since || filters.until || (scope === 'all' && filters.webhookId),
  );
  const openId = url.get('delivery');
  const [searchText, setSearchText] = useDebouncedParam(rawQ, (q) => url.set({ q }));
  const [resourceText, setResourceText] = useDebouncedParam(url.get('resourceId'), (resourceId) => url.set({ resourceId }));
  const searchTooShort = searchText.trim().length > 0 && searchText.trim().length < SEARCH_TEXT_MIN;

  const query = useDeliveryFeed(scope, filters);
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const live = rows.some((delivery) => isInFlight(delivery.status));

  return (
    <section className="space-y-4" aria-label="Recent deliveries">
      <form
        role="search"
        className="space-y-3"
        onSubmit={(event) => {
          // Enter searches at once, without waiting for the pause after typing.
          event.preventDefault();
          url.set({ q: searchText.trim() || undefined, resourceId: resourceText.trim() || undefined });
        }}
      >
        <div>
          <label htmlFor="delivery-search" className="sr-only">
            Search inside payloads
          </label>
          <input
            id="delivery-search"
            type="search"
            className={INPUT}
            placeholder="Search payloads: an email, a name, an order number…"
            value={searchText}
            maxLength={SEARCH_TEXT_MAX}
            onChange={(event) => setSearchText(event.target.value)}
            aria-describedby="delivery-search-hint"
            data-testid="delivery-search"
          />
          <p id="delivery-search-hint" className={`mt-1 text-xs ${searchTooShort ? 'text-amber-800' : 'text-slate-500'}`}>
            {searchTooShort ? `Type at least ${SEARCH_TEXT_MIN} characters to search.` : 'Finds events whose data has every word typed (or a word starting with it), ignoring case. Filters and search are kept in the address, so a search can be shared.'}
          </p>
        </div>
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
          <label className={LABEL}>
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
          <label className={LABEL}>
            Event type
            <select className={`${SELECT} sm:max-w-72`} value={filters.event ?? ''} onChange={(event) => url.set({ event: event.target.value })} data-testid="filter-event">
              <option value="">All event types</option>
              <EventTypeOptions withPatterns />
            </select>
          </label>
          {scope === 'all' ? <WebhookFilter value={filters.webhookId} onChange={(id) => url.set({ webhookId: id })} /> : null}
          {source.formFilter ? <FormFilter value={filters.formId} onChange={(formId) => url.set({ formId })} /> : null}
          <label className={LABEL}>
            Resource
            <input
              className={`${INPUT} sm:w-36`}
              value={resourceText}
              maxLength={100}
              placeholder="resource id"
              onChange={(event) => setResourceText(event.target.value)}
              data-testid="filter-resource"
            />
          </label>
          <label className={LABEL}>
            From
            <input
              type="datetime-local"
              className={`${INPUT} sm:w-auto`}
              value={toLocalInput(filters.since)}
              onChange={(event) => url.set({ since: fromLocalInput(event.target.value) })}
              data-testid="filter-since"
            />
          </label>
          <label className={LABEL}>
            Until
            <input
              type="datetime-local"
              className={`${INPUT} sm:w-auto`}
              value={toLocalInput(filters.until)}
              onChange={(event) => url.set({ until: fromLocalInput(event.target.value) })}
              data-testid="filter-until"
            />
          </label>
          {filtered ? (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => url.set(Object.fromEntries(FILTER_PARAMS.filter((name) => scope === 'all' || name !== 'webhookId').map((name) => [name, undefined])))}
              data-testid="clear-filters"
            >
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
      </form>

      <QueryState isPending={query.isPending} error={query.error} label="deliveries" />
      {query.data ? (
        rows.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="deliveries-empty">
            {filtered ? (
              <>
                <p className="text-sm font-medium text-slate-800">{filters.q ? `No deliveries match “${filters.q}” with these filters.` : 'No deliveries match these filters.'}</p>
                <p className="mt-1 text-sm text-slate-500">Try other words or another filter, or clear the filters.</p>
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
