'use client';

import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import type { DeliveryListItem } from './api';
import { formatDuration, statusCodeTone } from './format';

export function TestTag() {
  return (
    <span className="inline-flex items-center rounded bg-violet-50 px-1.5 py-px text-[11px] font-medium uppercase tracking-wide text-violet-700 ring-1 ring-inset ring-violet-600/20">
      test
    </span>
  );
}

function ResponseCell({ delivery }: { delivery: DeliveryListItem }) {
  if (delivery.lastStatusCode !== null) {
    return <span className={`font-medium tabular-nums ${statusCodeTone(delivery.lastStatusCode)}`}>{delivery.lastStatusCode}</span>;
  }
  if (delivery.lastError) {
    return (
      <span className="block max-w-[16rem] truncate text-red-700" title={delivery.lastError}>
        {delivery.lastError}
      </span>
    );
  }
  return <span className="text-slate-500">—</span>;
}

/**
 * Recent Deliveries as a table whose rows open the delivery (click, Enter or Space).
 * Below md the secondary columns fold into the event cell, so a phone reads one
 * compact card per delivery without scrolling sideways.
 */
export function DeliveriesTable({
  rows,
  showWebhook,
  selectedId,
  onOpen,
}: {
  rows: DeliveryListItem[];
  showWebhook: boolean;
  selectedId: string | undefined;
  onOpen: (delivery: DeliveryListItem) => void;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="deliveries-table">
        <caption className="sr-only">Deliveries, newest first. Press Enter on a row to open its attempts.</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-3 sm:px-4">
              Status
            </th>
            <th scope="col" className="px-3 py-3 sm:px-4">
              Event
            </th>
            {showWebhook ? (
              <th scope="col" className="hidden px-4 py-3 md:table-cell">
                Webhook
              </th>
            ) : null}
            <th scope="col" className="hidden px-4 py-3 md:table-cell">
              Time
            </th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">
              Response
            </th>
            <th scope="col" className="hidden px-4 py-3 text-right md:table-cell">
              Duration
            </th>
            <th scope="col" className="hidden px-4 py-3 text-right md:table-cell">
              Attempts
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((delivery) => {
            const selected = delivery.id === selectedId;
            return (
              <tr
                key={delivery.id}
                data-testid="delivery-row"
                data-delivery-id={delivery.id}
                data-status={delivery.status}
                tabIndex={0}
                aria-label={`${delivery.eventType}${delivery.test ? ' (test)' : ''}, ${delivery.status.toLowerCase()}${
                  showWebhook ? `, to ${delivery.webhookName}` : ''
                }: open details`}
                aria-current={selected ? 'true' : undefined}
                onClick={() => onOpen(delivery)}
                onKeyDown={(event) => {
                  if (event.target !== event.currentTarget) return;
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onOpen(delivery);
                  }
                }}
                className={`cursor-pointer outline-none hover:bg-slate-50 focus-visible:bg-brand-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500 ${
                  selected ? 'bg-brand-50/60' : ''
                }`}
              >
                <td className="whitespace-nowrap px-3 py-3 align-top sm:px-4 md:align-middle" data-testid="delivery-status">
                  <StatusBadge status={delivery.status} />
                </td>
                <td className="px-3 py-3 max-md:w-full max-md:max-w-0 sm:px-4">
                  <div className="flex min-w-0 flex-wrap items-center gap-1.5">
                    <span className="truncate font-mono text-xs text-slate-900" data-testid="delivery-event">
                      {delivery.eventType}
                    </span>
                    {delivery.test ? <TestTag /> : null}
                  </div>
                  {/* The other columns, folded for small screens. */}
                  <div className="mt-1 space-y-0.5 text-xs text-slate-500 md:hidden">
                    {showWebhook ? <div className="truncate text-slate-700">{delivery.webhookName}</div> : null}
                    <div className="flex flex-wrap items-center gap-x-2">
                      <RelativeTime value={delivery.createdAt} />
                      <span aria-hidden="true">·</span>
                      <span className="min-w-0 max-w-full truncate">
                        <ResponseCell delivery={delivery} />
                      </span>
                      <span aria-hidden="true">·</span>
                      <span className="tabular-nums">{formatDuration(delivery.lastDurationMs)}</span>
                      <span aria-hidden="true">·</span>
                      <span className="tabular-nums">
                        {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? '' : 's'}
                      </span>
                    </div>
                  </div>
                </td>
                {showWebhook ? (
                  <td className="hidden max-w-[14rem] px-4 py-3 md:table-cell">
                    <div className="truncate font-medium text-slate-800" data-testid="delivery-webhook">
                      {delivery.webhookName}
                    </div>
                    <div className="truncate font-mono text-xs text-slate-500" title={delivery.webhookUrl}>
                      {delivery.webhookUrl}
                    </div>
                  </td>
                ) : null}
                <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">
                  <RelativeTime value={delivery.createdAt} />
                </td>
                <td className="hidden px-4 py-3 md:table-cell" data-testid="delivery-response">
                  <ResponseCell delivery={delivery} />
                </td>
                <td className="hidden whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-600 md:table-cell" data-testid="delivery-duration">
                  {formatDuration(delivery.lastDurationMs)}
                </td>
                <td className="hidden px-4 py-3 text-right tabular-nums text-slate-600 md:table-cell" data-testid="delivery-attempts">
                  {delivery.attemptCount}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
