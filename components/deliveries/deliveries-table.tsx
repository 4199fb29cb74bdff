'use client';

import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, type Column } from '@/components/ui/table';
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

/** The event cell; below md the other columns fold into it, one compact card per delivery. */
function EventCell({ delivery, showWebhook }: { delivery: DeliveryListItem; showWebhook: boolean }) {
  return (
    <>
      <div className="flex min-w-0 flex-wrap items-center gap-1.5">
        <span className="truncate font-mono text-xs text-slate-900" data-testid="delivery-event">
          {delivery.eventType}
        </span>
        {delivery.test ? <TestTag /> : null}
      </div>
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
    </>
  );
}

const WIDE = 'hidden px-4 py-3 md:table-cell';

function deliveryColumns(showWebhook: boolean): Column<DeliveryListItem>[] {
  return [
    {
      header: 'Status',
      headerClassName: 'px-3 py-3 sm:px-4',
      cellClassName: 'whitespace-nowrap px-3 py-3 align-top sm:px-4 md:align-middle',
      cellProps: () => ({ 'data-testid': 'delivery-status' }),
      cell: (delivery) => <StatusBadge status={delivery.status} />,
    },
    {
      header: 'Event',
      headerClassName: 'px-3 py-3 sm:px-4',
      cellClassName: 'px-3 py-3 max-md:w-full max-md:max-w-0 sm:px-4',
      cell: (delivery) => <EventCell delivery={delivery} showWebhook={showWebhook} />,
    },
    ...(showWebhook
      ? [
          {
            header: 'Webhook',
            headerClassName: WIDE,
            cellClassName: `${WIDE} max-w-[14rem]`,
            cell: (delivery: DeliveryListItem) => (
              <>
                <div className="truncate font-medium text-slate-800" data-testid="delivery-webhook">
                  {delivery.webhookName}
                </div>
                <div className="truncate font-mono text-xs text-slate-500" title={delivery.webhookUrl}>
                  {delivery.webhookUrl}
                </div>
              </>
            ),
          },
        ]
      : []),
    { header: 'Time', headerClassName: WIDE, cellClassName: `${WIDE} whitespace-nowrap text-slate-600`, cell: (delivery) => <RelativeTime value={delivery.createdAt} /> },
    {
      header: 'Response',
      className: WIDE,
      cellProps: () => ({ 'data-testid': 'delivery-response' }),
      cell: (delivery) => <ResponseCell delivery={delivery} />,
    },
    {
      header: 'Duration',
      className: `${WIDE} text-right`,
      cellClassName: 'whitespace-nowrap tabular-nums text-slate-600',
      cellProps: () => ({ 'data-testid': 'delivery-duration' }),
      cell: (delivery) => formatDuration(delivery.lastDurationMs),
    },
    {
      header: 'Attempts',
      className: `${WIDE} text-right`,
      cellClassName: 'tabular-nums text-slate-600',
      cellProps: () => ({ 'data-testid': 'delivery-attempts' }),
      cell: (delivery) => delivery.attemptCount,
    },
  ];
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
    <Table
      testId="deliveries-table"
      caption="Deliveries, newest first. Press Enter on a row to open its attempts."
      columns={deliveryColumns(showWebhook)}
      rows={rows}
      rowKey={(delivery) => delivery.id}
      row={(delivery) => {
        const selected = delivery.id === selectedId;
        return {
          'data-testid': 'delivery-row',
          'data-delivery-id': delivery.id,
          'data-status': delivery.status,
          'aria-label': `${delivery.eventType}${delivery.test ? ' (test)' : ''}, ${delivery.status.toLowerCase()}${
            showWebhook ? `, to ${delivery.webhookName}` : ''
          }: open details`,
          'aria-current': selected ? 'true' : undefined,
          className: selected ? 'bg-brand-50/60' : undefined,
          onOpen: () => onOpen(delivery),
        };
      }}
    />
  );
}
