'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { PageHeader, QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { useWebhooks } from '@/components/webhooks/api';
import { useInboxes, type InboxResource } from './api';
import { CopyButton } from '@/components/ui/copy-button';
import { CreateInboxForm } from './create-inbox-form';
import { InboxRequests } from './inbox-requests';

export function InboxPage() {
  const { canEdit } = useConsole();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [created, setCreated] = useState<InboxResource | null>(null);
  const query = useInboxes();
  const inboxes = query.data?.data ?? [];
  const requested = searchParams.get('id');
  const selected = inboxes.find((inbox) => inbox.id === requested) ?? (created?.id === requested ? created : null) ?? inboxes[0] ?? null;

  const select = (id: string) => router.replace(`${pathname}?id=${encodeURIComponent(id)}`, { scroll: false });

  return (
    <section aria-labelledby="inbox-heading" className="space-y-6">
      <PageHeader
        title="Request inbox"
        description="A built-in receiver: point a webhook at an inbox URL to see exactly what Tidings sends, and whether each signature verifies."
      />
      {query.data ? (
        // On a phone: the inboxes, then the selected one, then the form; on a wide
        // screen the list and the form share the left column.
        <div className="grid items-start gap-6 lg:grid-cols-[17rem_minmax(0,1fr)] lg:grid-rows-[auto_1fr]">
          <nav aria-label="Inboxes" className="lg:col-start-1 lg:row-start-1">
            {inboxes.length === 0 ? (
              <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500" data-testid="inboxes-empty">
                No inboxes yet.
              </p>
            ) : (
              <ul className="space-y-1.5" data-testid="inbox-list">
                {inboxes.map((inbox) => {
                  const active = inbox.id === selected?.id;
                  return (
                    <li key={inbox.id}>
                      <Link
                        href={`${pathname}?id=${encodeURIComponent(inbox.id)}`}
                        replace
                        scroll={false}
                        aria-current={active ? 'page' : undefined}
                        data-testid="inbox-item"
                        data-inbox-id={inbox.id}
                        className={`block rounded-lg border px-3 py-2.5 ${
                          active ? 'border-brand-500 bg-brand-50 ring-1 ring-brand-500' : 'border-slate-200 bg-white hover:border-slate-300 hover:bg-slate-50'
                        }`}
                      >
                        <span className="block truncate text-sm font-medium text-slate-900">{inbox.name}</span>
                        <span className="block text-xs text-slate-600">
                          {inbox.lastReceivedAt === null ? 'Nothing received yet' : <>Last request <RelativeTime value={inbox.lastReceivedAt} /></>}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
          </nav>
          <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
            {selected ? (
              <SelectedInbox inbox={selected} justCreated={created?.id === selected.id} />
            ) : (
              <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
                Create an inbox to get a URL that records what it receives.
              </div>
            )}
          </div>
          <div className="lg:col-start-1 lg:row-start-2">
            {canEdit ? (
              <CreateInboxForm
                onCreated={(inbox) => {
                  setCreated(inbox);
                  select(inbox.id);
                }}
              />
            ) : (
              <p className="text-xs text-slate-500">Viewers can read inboxes; an admin can create new ones.</p>
            )}
          </div>
        </div>
      ) : (
        <QueryState isPending={query.isPending} error={query.error} label="inboxes" />
      )}
    </section>
  );
}

function SelectedInbox({ inbox, justCreated }: { inbox: InboxResource; justCreated: boolean }) {
  // Which webhooks deliver here: a webhook's URL is the inbox's URL.
  const webhooks = useWebhooks();
  const senders = (webhooks.data?.data ?? []).filter((webhook) => webhook.url.endsWith(inbox.path));

  return (
    <div className="min-w-0 space-y-5" data-testid="selected-inbox" data-inbox-id={inbox.id}>
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        {justCreated ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="inbox-created">
            Inbox created. Paste its URL into a webhook to see what the webhook sends.
          </p>
        ) : null}
        <h2 className="text-lg font-semibold">{inbox.name}</h2>
        <div className="space-y-1">
          <label htmlFor="inbox-url" className="block text-sm font-medium text-slate-700">
            Inbox URL
          </label>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              id="inbox-url"
              readOnly
              value={inbox.url}
              onFocus={(event) => event.currentTarget.select()}
              className="block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800 sm:text-sm"
              data-testid="inbox-url"
            />
            <CopyButton value={inbox.url} label="Copy URL" testId="copy-inbox-url" size="sm" />
          </div>
          <p className="text-xs text-slate-500">Anyone with this URL can post to the inbox: use it for testing, not for production data.</p>
        </div>
        <p className="text-sm text-slate-600">
          {senders.length === 0 ? (
            'No webhook delivers here yet.'
          ) : (
            <>
              Webhooks delivering here:{' '}
              {senders.map((webhook, index) => (
                <span key={webhook.webhookId}>
                  {index > 0 ? ', ' : null}
                  <Link href={`/webhooks/${encodeURIComponent(webhook.webhookId)}/deliveries`} className="font-medium text-brand-600 hover:underline">
                    {webhook.name}
                  </Link>
                </span>
              ))}
              .
            </>
          )}
        </p>
      </div>
      <InboxRequests key={inbox.id} inboxId={inbox.id} />
    </div>
  );
}
