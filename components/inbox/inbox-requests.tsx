'use client';

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { QueryState } from '@/components/ui/page';
import { RelativeTime } from '@/components/ui/relative-time';
import { inboxApi, inboxKeys, type InboxRequestResource } from './api';

const LIVE_REFRESH_MS = 3_000;

const SCHEME_NAMES: Record<string, string> = {
  standard: 'Standard Webhooks',
  sitestacker: 'Site Stacker',
  webconnex: 'Webconnex',
  charitystack: 'CharityStack',
};

export function InboxRequests({ inboxId }: { inboxId: string }) {
  const query = useInfiniteQuery({
    queryKey: inboxKeys.requests(inboxId),
    queryFn: ({ pageParam }) => inboxApi.requests(inboxId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_REFRESH_MS,
  });
  const requests = query.data?.pages.flatMap((page) => page.data) ?? [];
  // A new arrival changes the inbox's "last request" in the list beside it.
  const queryClient = useQueryClient();
  const newestId = requests[0]?.id;
  useEffect(() => {
    if (newestId) void queryClient.invalidateQueries({ queryKey: inboxKeys.list() });
  }, [newestId, queryClient]);

  return (
    <section aria-labelledby="requests-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="requests-heading" className="text-base font-semibold">Received requests</h3>
        <p className="flex items-center gap-2 text-xs text-slate-500">
          <span className="relative flex h-2 w-2" aria-hidden="true">
            <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60 motion-reduce:animate-none" />
            <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" />
          </span>
          Live · newest first, refreshed every {LIVE_REFRESH_MS / 1000} s
        </p>
      </div>
      {query.data ? (
        requests.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="inbox-empty">
            <p className="text-sm font-medium text-slate-700">Nothing received yet</p>
            <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
              Paste the URL above into a webhook&rsquo;s URL, then send it a test: the request shows up here within seconds.
            </p>
          </div>
        ) : (
          <ul className="space-y-2" data-testid="inbox-requests">
            {requests.map((request) => (
              <RequestRow key={request.id} request={request} />
            ))}
          </ul>
        )
      ) : (
        <QueryState isPending={query.isPending} error={query.error} label="received requests" />
      )}
      {query.data && query.isError ? (
        <p role="alert" className="text-xs text-red-600">Could not refresh: {query.error.message}</p>
      ) : null}
      {query.hasNextPage ? (
        <Button variant="secondary" size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load older requests'}
        </Button>
      ) : null}
    </section>
  );
}

function SignatureBadge({ signature }: { signature: InboxRequestResource['signature'] }) {
  if (signature.status === 'not_tidings') {
    return (
      <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-500/20" title={signature.reason} data-testid="signature-status" data-status="not_tidings">
        Not a Tidings delivery
      </span>
    );
  }
  const valid = signature.status === 'valid';
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        valid ? 'bg-emerald-50 text-emerald-700 ring-emerald-600/20' : 'bg-red-50 text-red-700 ring-red-600/20'
      }`}
      title={signature.reason ?? undefined}
      data-testid="signature-status"
      data-status={signature.status}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        {valid ? (
          <path d="M2.5 6.5l2.2 2.2 4.8-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <path d="M3 3l6 6M9 3l-6 6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        )}
      </svg>
      {valid ? 'Signature valid' : 'Signature invalid'}
    </span>
  );
}

function prettyBody(body: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
  } catch {
    return { text: body, json: false };
  }
}

function eventTypeOf(request: InboxRequestResource): string | null {
  if (request.signature.status !== 'not_tidings') return request.signature.eventType;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (parsed && typeof parsed === 'object' && 'type' in parsed && typeof parsed.type === 'string') return parsed.type;
  } catch {
    // not JSON: no event type to show
  }
  return null;
}

function RequestRow({ request }: { request: InboxRequestResource }) {
  const [open, setOpen] = useState(false);
  const { signature } = request;
  const eventType = eventTypeOf(request);
  const panelId = `request-${request.id}`;
  const received = new Date(request.receivedAtMs);
  const headers = Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b));
  const body = open ? prettyBody(request.body) : null;

  return (
    <li
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
      data-testid="inbox-request"
      data-request-id={request.id}
      data-delivery-id={signature.status === 'not_tidings' ? undefined : signature.deliveryId}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full flex-wrap items-center gap-x-3 gap-y-1.5 px-4 py-3 text-left hover:bg-slate-50"
      >
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" className={`shrink-0 text-slate-400 transition-transform ${open ? 'rotate-90' : ''}`}>
          <path d="M4 2l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-700">{request.method}</span>
        <span className="min-w-0 flex-1 truncate font-medium text-slate-900">
          {eventType ?? <span className="font-normal text-slate-500">Request</span>}
          {signature.status !== 'not_tidings' && signature.test ? (
            <span className="ml-2 rounded bg-sky-50 px-1.5 py-0.5 text-xs font-medium text-sky-700">test</span>
          ) : null}
        </span>
        <span className="flex w-full items-center gap-3 pl-6 sm:w-auto sm:pl-0">
          <SignatureBadge signature={signature} />
          <span className="whitespace-nowrap text-xs text-slate-500" title={received.toLocaleString()}>
            <RelativeTime value={request.receivedAt} />
          </span>
        </span>
      </button>
      {open && body ? (
        <div id={panelId} className="space-y-4 border-t border-slate-100 px-4 py-4">
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
            <dt className="text-slate-500">Received</dt>
            <dd className="text-slate-800">{received.toLocaleString()}</dd>
            {signature.status === 'not_tidings' ? (
              <>
                <dt className="text-slate-500">Signature</dt>
                <dd className="text-slate-800">{signature.reason}</dd>
              </>
            ) : (
              <>
                <dt className="text-slate-500">Webhook</dt>
                <dd className="min-w-0 text-slate-800">
                  <Link href={`/webhooks/${encodeURIComponent(signature.webhookId)}/deliveries`} className="font-medium text-brand-600 hover:underline">
                    {signature.webhookName}
                  </Link>{' '}
                  <span className="break-all font-mono text-xs text-slate-500">{signature.deliveryId}</span>
                </dd>
                <dt className="text-slate-500">Signature</dt>
                <dd className="text-slate-800">
                  {signature.status === 'valid'
                    ? `${SCHEME_NAMES[signature.scheme]} signature verified with the webhook's ${signature.secret} secret`
                    : signature.reason}
                </dd>
              </>
            )}
          </dl>
          <div>
            <h4 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Headers</h4>
            <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-slate-50 font-mono text-xs" data-testid="request-headers">
              {headers.map(([name, value]) => (
                <div key={name} className="grid gap-x-4 px-3 py-1.5 sm:grid-cols-[14rem_minmax(0,1fr)]">
                  <dt className="break-all font-semibold text-slate-600">{name}</dt>
                  <dd className="break-all text-slate-800">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div>
            <h4 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">
              Body{body.json ? ' (JSON)' : ''} · {request.bodyBytes.toLocaleString()} bytes
              {request.bodyTruncated ? ' · shown cut' : ''}
            </h4>
            <pre className="max-h-96 overflow-auto rounded-lg border border-slate-200 bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="request-body" tabIndex={0}>
              {body.text || <span className="text-slate-400">(empty body)</span>}
            </pre>
          </div>
        </div>
      ) : null}
    </li>
  );
}
