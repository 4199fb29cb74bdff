'use client';

import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { PageHeader, QueryState } from '@/components/ui/page';
import { anchorFromElement, anchorFromPoint, Menu, type MenuAnchor, type MenuItem } from '@/components/ui/menu';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Switch } from '@/components/ui/switch';
import { Table, type Column } from '@/components/ui/table';
import { useSetWebhookStatus, useWebhooks, type WebhookResource } from './api';
import { FailingBanner } from './failing-banner';
import { DeleteWebhookDialog, ResumeWebhookDialog, RotateSecretDialog } from './webhook-dialogs';

export function summarizeEvents(events: string[]): string {
  if (events.includes('*')) return 'All events';
  if (events.length <= 2) return events.join(', ');
  return `${events.slice(0, 2).join(', ')} +${events.length - 2} more`;
}

const deliveriesHref = (webhook: WebhookResource) => `/webhooks/${encodeURIComponent(webhook.webhookId)}/deliveries`;
const editHref = (webhook: WebhookResource) => `/webhooks/${encodeURIComponent(webhook.webhookId)}/edit`;

type OpenMenu = { webhookId: string; anchor: MenuAnchor; focusLast: boolean };
type OpenDialog = { kind: 'rotate' | 'delete' | 'resume'; webhook: WebhookResource };
type Notice = { tone: 'info' | 'error'; text: string };

export function WebhooksList() {
  const { canEdit } = useConsole();
  const query = useWebhooks();

  return (
    <section aria-labelledby="webhooks-heading" className="space-y-4">
      <PageHeader
        headingId="webhooks-heading"
        title="Webhooks"
        description="Each webhook receives the events it subscribes to as signed HTTP POSTs."
        actions={
          canEdit ? (
            <Link
              href="/webhooks/new"
              data-testid="add-webhook"
              className="inline-flex items-center justify-center gap-1.5 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-xs hover:bg-brand-700"
            >
              <span aria-hidden="true">+</span> Add webhook
            </Link>
          ) : null
        }
      />

      {query.isPending || query.isError ? (
        <QueryState isPending={query.isPending} error={query.error} label="webhooks" testId="webhooks-loading" />
      ) : query.data.data.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="webhooks-empty">
          <h2 className="text-base font-semibold">No webhooks yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
            A webhook sends the events you choose (a donation, a registration, a new contact…) to the URL of your server. Tidings
            signs every request and retries until your server answers with a 2xx.
          </p>
          {canEdit ? (
            <Link
              href="/webhooks/new"
              className="mt-4 inline-flex items-center justify-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              Add your first webhook
            </Link>
          ) : (
            <p className="mt-3 text-sm text-slate-500">An owner or admin of this organization can add one.</p>
          )}
        </div>
      ) : (
        <WebhooksTable webhooks={query.data.data} canEdit={canEdit} />
      )}
    </section>
  );
}

function WebhooksTable({ webhooks, canEdit }: { webhooks: WebhookResource[]; canEdit: boolean }) {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  // The ContextMenu key may also fire a "contextmenu" event after our keydown opened the
  // menu; that event must not reopen it at the mouse position.
  const keyboardOpenedAt = useRef(0);
  const setStatus = useSetWebhookStatus();

  const changeStatus = useCallback(
    (webhook: WebhookResource, status: 'ACTIVE' | 'PAUSED') => {
      // Held deliveries wait for a choice: send them or discard them (the dialog resumes).
      if (status === 'ACTIVE' && webhook.heldDeliveries > 0) {
        setDialog({ kind: 'resume', webhook });
        return;
      }
      const verb = status === 'PAUSED' ? 'paused' : webhook.status === 'DISABLED' ? 're-enabled' : 'resumed';
      setStatus.mutate(
        { id: webhook.webhookId, status },
        {
          onSuccess: () => setNotice({ tone: 'info', text: `“${webhook.name}” ${verb}.` }),
          onError: (error) => setNotice({ tone: 'error', text: `Could not change “${webhook.name}”: ${error.message}` }),
        },
      );
    },
    [setStatus],
  );

  const openFromTrigger = (webhook: WebhookResource, focusLast = false) => {
    const trigger = triggers.current.get(webhook.webhookId);
    if (!trigger) return;
    setMenu({ webhookId: webhook.webhookId, anchor: anchorFromElement(trigger), focusLast });
  };

  const menuWebhook = menu ? webhooks.find((webhook) => webhook.webhookId === menu.webhookId) : undefined;
  const closeMenu = useCallback(() => setMenu(null), []);

  const itemsFor = (webhook: WebhookResource): MenuItem[] => {
    const items: MenuItem[] = [{ key: 'deliveries', label: 'Deliveries', href: deliveriesHref(webhook) }];
    if (!canEdit) return [...items, { key: 'view', label: 'View settings', href: editHref(webhook) }];
    return [
      ...items,
      { key: 'edit', label: 'Edit', href: editHref(webhook) },
      { key: 'test', label: 'Send a Test', href: `${deliveriesHref(webhook)}?test=1` },
      webhook.status === 'ACTIVE'
        ? { key: 'status', label: 'Pause', onSelect: () => changeStatus(webhook, 'PAUSED') }
        : { key: 'status', label: webhook.status === 'DISABLED' ? 'Re-enable' : 'Resume', onSelect: () => changeStatus(webhook, 'ACTIVE') },
      { key: 'rotate', label: 'Rotate secret', onSelect: () => setDialog({ kind: 'rotate', webhook }) },
      { key: 'delete', label: 'Delete', tone: 'danger', separated: true, onSelect: () => setDialog({ kind: 'delete', webhook }) },
    ];
  };

  const columns: Column<WebhookResource>[] = [
    {
      header: 'Name',
      headerClassName: 'px-3 py-3 sm:px-4',
      // Below md the name column takes the width left by status and actions and truncates.
      cellClassName: 'px-3 py-3 max-md:w-full max-md:max-w-0 sm:px-4 md:max-w-xs',
      cell: (webhook) => <NameCell webhook={webhook} />,
    },
    {
      header: 'Events',
      className: 'hidden px-4 py-3 md:table-cell',
      cellClassName: 'text-slate-600',
      cellProps: (webhook) => ({ 'data-testid': 'webhook-events', title: webhook.events.join(', ') }),
      cell: (webhook) => summarizeEvents(webhook.events),
    },
    {
      header: 'Status',
      className: 'px-2 py-3 sm:px-4',
      cell: (webhook) => (
        <StatusCell
          webhook={webhook}
          canEdit={canEdit}
          busy={setStatus.isPending && setStatus.variables?.id === webhook.webhookId}
          onChange={(status) => changeStatus(webhook, status)}
        />
      ),
    },
    {
      header: 'Delivered',
      className: 'hidden px-4 py-3 text-right sm:table-cell',
      cellClassName: 'whitespace-nowrap tabular-nums',
      cellProps: () => ({ 'data-testid': 'webhook-counts' }),
      cell: (webhook) => (
        <>
          <span className="text-emerald-700">{webhook.successCount} ok</span>
          <span className="text-slate-300"> / </span>
          <span className={webhook.failureCount > 0 ? 'text-red-600' : 'text-slate-500'}>{webhook.failureCount} failed</span>
        </>
      ),
    },
    {
      header: 'Last delivery',
      className: 'hidden px-4 py-3 lg:table-cell',
      cellClassName: 'whitespace-nowrap text-slate-600',
      cell: (webhook) => <RelativeTime value={webhook.lastDeliveryAt} />,
    },
    {
      header: 'Actions',
      actions: true,
      headerClassName: 'w-12 px-2 py-3',
      cellClassName: 'py-3 pl-1 pr-2 text-right',
      cell: (webhook) => (
        <button
          ref={(element) => {
            if (element) triggers.current.set(webhook.webhookId, element);
            else triggers.current.delete(webhook.webhookId);
          }}
          type="button"
          aria-label={`Actions for ${webhook.name}`}
          aria-haspopup="menu"
          aria-expanded={menu?.webhookId === webhook.webhookId}
          aria-controls={menu?.webhookId === webhook.webhookId ? 'webhook-actions-menu' : undefined}
          data-testid="webhook-actions"
          onClick={() => (menu?.webhookId === webhook.webhookId ? setMenu(null) : openFromTrigger(webhook))}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              openFromTrigger(webhook, event.key === 'ArrowUp');
            }
          }}
          className="inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-offset-0"
        >
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="3" cy="8" r="1.5" fill="currentColor" />
            <circle cx="8" cy="8" r="1.5" fill="currentColor" />
            <circle cx="13" cy="8" r="1.5" fill="currentColor" />
          </svg>
        </button>
      ),
    },
  ];

  return (
    <>
      <div aria-live="polite" className="min-h-0">
        {notice ? (
          <div
            role={notice.tone === 'error' ? 'alert' : 'status'}
            data-testid="webhooks-notice"
            className={`flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${
              notice.tone === 'error' ? 'border-red-200 bg-red-50 text-red-700' : 'border-emerald-200 bg-emerald-50 text-emerald-800'
            }`}
          >
            <span>{notice.text}</span>
            <button type="button" className="text-xs underline" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
      </div>

      <FailingBanner webhooks={webhooks} />

      <p className="hidden text-xs text-slate-500 sm:block">
        Right-click a webhook (or press Shift+F10 on it) for its actions: deliveries, edit, test, pause, rotate secret, delete.
      </p>

      <Table
        testId="webhooks-table"
        caption="Webhooks of this organization"
        columns={columns}
        rows={webhooks}
        rowKey={(webhook) => webhook.webhookId}
        row={(webhook) => ({
          'data-testid': 'webhook-row',
          'data-webhook-id': webhook.webhookId,
          'aria-label': `${webhook.name}, ${webhook.status.toLowerCase()}`,
          focusable: true,
          className: menu?.webhookId === webhook.webhookId ? 'bg-slate-50' : undefined,
          onKeyDown: (event) => {
            if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
              event.preventDefault();
              keyboardOpenedAt.current = Date.now();
              openFromTrigger(webhook);
            }
          },
          onContextMenu: (event) => {
            event.preventDefault();
            if (Date.now() - keyboardOpenedAt.current < 500) return;
            setMenu({ webhookId: webhook.webhookId, anchor: anchorFromPoint(event.clientX, event.clientY), focusLast: false });
          },
        })}
      />

      <Menu
        id="webhook-actions-menu"
        label={menuWebhook ? `Actions for ${menuWebhook.name}` : 'Webhook actions'}
        testId="webhook-menu"
        items={menuWebhook ? itemsFor(menuWebhook) : []}
        anchor={menuWebhook && menu ? menu.anchor : null}
        focusLast={menu?.focusLast}
        onClose={closeMenu}
        returnFocusTo={menu ? triggers.current.get(menu.webhookId) : null}
      />

      <RotateSecretDialog webhook={dialog?.kind === 'rotate' ? dialog.webhook : null} onClose={() => setDialog(null)} />
      <ResumeWebhookDialog
        webhook={dialog?.kind === 'resume' ? dialog.webhook : null}
        onClose={() => setDialog(null)}
        onResumed={(webhook, result) =>
          setNotice({
            tone: 'info',
            text:
              result.sent > 0
                ? `“${webhook.name}” resumed; ${result.sent} held deliver${result.sent === 1 ? 'y is' : 'ies are'} being sent.`
                : `“${webhook.name}” resumed; ${result.discarded} held deliver${result.discarded === 1 ? 'y was' : 'ies were'} discarded.`,
          })
        }
      />
      <DeleteWebhookDialog
        webhook={dialog?.kind === 'delete' ? dialog.webhook : null}
        onClose={() => setDialog(null)}
        onDeleted={(webhook) => setNotice({ tone: 'info', text: `“${webhook.name}” was deleted.` })}
      />
    </>
  );
}

function NameCell({ webhook }: { webhook: WebhookResource }) {
  return (
    <>
      <Link href={deliveriesHref(webhook)} className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline" data-testid="webhook-name">
        {webhook.name}
      </Link>
      <div className="truncate font-mono text-xs text-slate-500" title={webhook.url} data-testid="webhook-url">
        {webhook.url}
      </div>
      <div className="mt-1 truncate text-xs text-slate-600 md:hidden">{summarizeEvents(webhook.events)}</div>
      <div className="mt-0.5 text-xs tabular-nums text-slate-500 sm:hidden">
        {webhook.successCount} ok · {webhook.failureCount} failed
      </div>
    </>
  );
}

function StatusCell({
  webhook,
  canEdit,
  busy,
  onChange,
}: {
  webhook: WebhookResource;
  canEdit: boolean;
  busy: boolean;
  onChange: (status: 'ACTIVE' | 'PAUSED') => void;
}) {
  if (webhook.status === 'DISABLED') {
    return (
      <div className="space-y-1" data-testid="webhook-status" data-status="DISABLED">
        <StatusBadge status="DISABLED" />
        {webhook.disabledReason ? (
          <p className="max-w-[12rem] whitespace-normal text-xs text-red-700" data-testid="disabled-reason">
            {webhook.disabledReason}
          </p>
        ) : null}
        {canEdit ? (
          <Button size="sm" variant="secondary" onClick={() => onChange('ACTIVE')} disabled={busy} data-testid="re-enable">
            Re-enable
          </Button>
        ) : null}
      </div>
    );
  }
  const active = webhook.status === 'ACTIVE';
  return (
    <div data-testid="webhook-status" data-status={webhook.status} className="whitespace-nowrap">
      <Switch
        size="sm"
        checked={active}
        onChange={(checked) => onChange(checked ? 'ACTIVE' : 'PAUSED')}
        label={`${webhook.name} active`}
        visibleLabel={<span className={active ? 'text-emerald-700' : 'text-amber-700'}>{active ? 'Active' : 'Paused'}</span>}
        disabled={!canEdit || busy}
        busy={busy}
        testId="status-toggle"
      />
      {webhook.heldDeliveries > 0 ? (
        <p className="mt-1 text-xs text-violet-800" data-testid="held-count">
          {webhook.heldDeliveries} held
        </p>
      ) : null}
    </div>
  );
}
