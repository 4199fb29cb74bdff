'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { JsonView } from '@/components/ui/json-view';
import { StatusBadge } from '@/components/ui/status-badge';
import { Tabs } from '@/components/ui/tabs';
import { FormError } from '@/components/ui/form';
import { ApiError } from '@/lib/api-client';
import { getEventTypeSummary } from '@/lib/events/catalog/names';
import { isInFlight, useDelivery, useDeliverySource, useResendDelivery, type AttemptResource, type AwaitedResend, type DeliveryDetail as Delivery } from './api';
import { TestTag } from './deliveries-table';
import { formatDateTime, formatDuration, statusCodeTone } from './format';
import { HeadersTable } from './headers-table';

const RESPONSE_CAP_KB = 20;

function AttemptOutcome({ attempt }: { attempt: AttemptResource }) {
  if (attempt.response) {
    return <span className={`font-medium tabular-nums ${statusCodeTone(attempt.response.status)}`}>{attempt.response.status}</span>;
  }
  return <span className="break-words text-red-700">{attempt.error ?? 'No response'}</span>;
}

function AttemptsTimeline({
  attempts,
  shown,
  onShow,
  inFlight,
  nextAttemptAt,
  headingLevel,
}: {
  headingLevel: 2 | 3;
  attempts: AttemptResource[];
  shown: number | undefined;
  onShow: (attempt: number) => void;
  inFlight: boolean;
  nextAttemptAt: number | null;
}) {
  const AttemptsHeading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="attempts-heading" className="space-y-2">
      <AttemptsHeading id="attempts-heading" className="text-sm font-semibold text-slate-900">
        Attempts
      </AttemptsHeading>
      {attempts.length === 0 ? (
        <p className="text-sm text-slate-500">No attempt yet: the first one is on its way.</p>
      ) : (
        <ol className="relative space-y-1 border-l border-slate-200 pl-4" data-testid="attempts-timeline">
          {attempts.map((attempt) => {
            const ok = attempt.response !== null && attempt.response.status >= 200 && attempt.response.status < 300;
            const active = attempt.attempt === shown;
            return (
              <li key={attempt.id} className="relative" data-testid="attempt-item" data-attempt={attempt.attempt} data-trigger={attempt.trigger}>
                <span
                  aria-hidden="true"
                  className={`absolute -left-[21px] top-3 h-2.5 w-2.5 rounded-full ring-2 ring-white ${ok ? 'bg-emerald-500' : 'bg-red-500'}`}
                />
                <button
                  type="button"
                  onClick={() => onShow(attempt.attempt)}
                  aria-pressed={active}
                  className={`flex w-full flex-wrap items-center gap-x-3 gap-y-0.5 rounded-md px-2 py-1.5 text-left text-xs outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
                    active ? 'bg-brand-50' : 'hover:bg-slate-50'
                  }`}
                >
                  <span className="font-semibold text-slate-900">#{attempt.attempt}</span>
                  <span className="rounded bg-slate-100 px-1.5 py-px font-medium text-slate-700" data-testid="attempt-trigger">
                    {attempt.trigger}
                  </span>
                  <time className="text-slate-600" dateTime={new Date(attempt.startedAtMs).toISOString()}>
                    {formatDateTime(attempt.startedAt)}
                  </time>
                  <span className="tabular-nums text-slate-600">{formatDuration(attempt.durationMs)}</span>
                  <span className="min-w-0" data-testid="attempt-outcome">
                    <AttemptOutcome attempt={attempt} />
                  </span>
                  {active ? <span className="sr-only">(shown in the Request and Response tabs)</span> : null}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {inFlight ? (
        <p className="text-xs text-slate-500" data-testid="next-attempt">
          {nextAttemptAt ? `Next attempt ${formatDateTime(nextAttemptAt)}.` : 'An attempt is on its way.'} This page refreshes by itself.
        </p>
      ) : null}
    </section>
  );
}

function AttemptCaption({ attempt }: { attempt: AttemptResource }) {
  return (
    <p className="text-xs text-slate-500" data-testid="shown-attempt">
      Attempt #{attempt.attempt} ({attempt.trigger}), {formatDateTime(attempt.startedAt)}.
    </p>
  );
}

function NoAttempt() {
  return <p className="text-sm text-slate-500">No attempt has been made yet.</p>;
}

function RequestTab({ attempt }: { attempt: AttemptResource | undefined }) {
  if (!attempt) return <NoAttempt />;
  return (
    <div className="space-y-4">
      <AttemptCaption attempt={attempt} />
      <p className="break-all font-mono text-xs text-slate-700" data-testid="request-url">
        <span className="font-semibold text-slate-900">POST</span> {attempt.request.url}
      </p>
      <div className="space-y-1.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Headers</h4>
        <HeadersTable headers={attempt.request.headers} label="Request headers" testId="request-headers" />
        <p className="text-xs text-slate-500">Credentials are masked; signatures are shown as sent.</p>
      </div>
      <div className="space-y-1.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Body</h4>
        <JsonView text={attempt.request.body} label="Request body" testId="request-body" />
      </div>
    </div>
  );
}

function ResponseTab({ attempt }: { attempt: AttemptResource | undefined }) {
  if (!attempt) return <NoAttempt />;
  const { response } = attempt;
  if (!response) {
    return (
      <div className="space-y-4">
        <AttemptCaption attempt={attempt} />
        <div role="note" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="attempt-error">
          <p className="font-medium">No response was received.</p>
          <p className="mt-0.5 break-words">{attempt.error ?? 'The request failed.'}</p>
          <p className="mt-1 text-xs text-red-700">Gave up after {formatDuration(attempt.durationMs)}.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <AttemptCaption attempt={attempt} />
      <p className="text-sm" data-testid="response-status">
        <span className="text-slate-500">Status </span>
        <span className={`font-semibold tabular-nums ${statusCodeTone(response.status)}`}>{response.status}</span>
        <span className="text-slate-500"> in {formatDuration(attempt.durationMs)}</span>
      </p>
      <div className="space-y-1.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Headers</h4>
        <HeadersTable headers={response.headers} label="Response headers" testId="response-headers" />
      </div>
      <div className="space-y-1.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Body</h4>
        {response.truncated ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900" data-testid="response-truncated">
            The receiver sent more than {RESPONSE_CAP_KB} KB: only the first {RESPONSE_CAP_KB} KB were kept.
          </p>
        ) : null}
        <JsonView text={response.body} mode="raw" label="Response body" testId="response-body" emptyText="The receiver sent an empty body." />
      </div>
    </div>
  );
}

function SubOrganizationNote({ delivery }: { delivery: Delivery }) {
  if (delivery.eventOrganizationId === delivery.organizationId) return null;
  return (
    <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="event-organization">
      This event came from the sub-organization <strong>{delivery.eventOrganization.name}</strong>{' '}
      <span className="font-mono text-xs">({delivery.eventOrganization.slug})</span>; the webhook receives it because it includes
      sub-organizations.
    </p>
  );
}

function ResendControl({ delivery, onResent }: { delivery: Delivery; onResent: (awaited: AwaitedResend) => void }) {
  const { canResend, resendRefusal } = useDeliverySource();
  const resend = useResendDelivery();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  if (!canResend) {
    return <p className="text-xs text-slate-500">{resendRefusal}</p>;
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="secondary"
        data-testid="resend-delivery"
        disabled={resend.isPending}
        onClick={() => {
          setMessage(null);
          const awaited = { attemptCount: delivery.attemptCount, at: Date.now() };
          resend.mutate(delivery.id, {
            onSuccess: () => {
              onResent(awaited);
              setMessage({ tone: 'ok', text: 'Resend queued: its attempt will appear below.' });
            },
            onError: (error) => setMessage({ tone: 'error', text: `Could not resend: ${error.message}` }),
          });
        }}
      >
        {resend.isPending ? 'Resending…' : 'Resend'}
      </Button>
      <span aria-live="polite" className="text-sm">
        {message ? (
          <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-red-700' : 'text-slate-600'} data-testid="resend-message">
            {message.text}
          </span>
        ) : null}
      </span>
    </div>
  );
}

/** One delivery: what it is, its attempts, and the payload, request and response of each. */
export function DeliveryDetail({ id, headingLevel = 2 }: { id: string; headingLevel?: 1 | 2 }) {
  // The resend asked for last, polled for until its own attempt shows up.
  const [awaitedResend, setAwaitedResend] = useState<AwaitedResend | null>(null);
  const query = useDelivery(id, awaitedResend);
  const { webhookHref } = useDeliverySource();
  const [tab, setTab] = useState('payload');
  // null: follow the latest attempt, so a resend's new attempt shows up by itself.
  const [chosenAttempt, setChosenAttempt] = useState<number | null>(null);

  if (query.isPending) return <p className="text-sm text-slate-500">Loading the delivery…</p>;
  if (query.isError) {
    return (
      <FormError
        testId="delivery-load-error"
        message={
          query.error instanceof ApiError && query.error.status === 404
            ? webhookHref
              ? 'This delivery does not exist in this organization (deliveries older than the retention period are pruned).'
              : 'This delivery does not exist for this webhook (deliveries older than the retention period are pruned).'
            : `Could not load the delivery: ${query.error.message}`
        }
      />
    );
  }

  const delivery = query.data;
  const latest = delivery.attempts.at(-1);
  const shown = (chosenAttempt !== null ? delivery.attempts.find((attempt) => attempt.attempt === chosenAttempt) : undefined) ?? latest;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const label = getEventTypeSummary(delivery.eventType)?.label;

  return (
    <div className="space-y-5" data-testid="delivery-detail" data-delivery-id={delivery.id} data-status={delivery.status}>
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Heading className={`${headingLevel === 1 ? 'text-2xl' : 'text-lg'} font-semibold tracking-tight text-slate-900`}>
            {label ?? delivery.eventType}
          </Heading>
          <StatusBadge status={delivery.status} />
          {delivery.test ? <TestTag /> : null}
        </div>
        {delivery.ordering?.orderBroken ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="order-broken">
            Order broken here: this delivery ran out of retries, so later deliveries with ordering key{' '}
            <code className="font-mono text-xs">{delivery.ordering.key}</code> were sent after it.
          </p>
        ) : null}
        {delivery.status === 'HELD' ? (
          <p className="rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm text-violet-900" data-testid="held-explanation">
            Held: the webhook was off when this event arrived. Resuming the webhook sends it (or discards it).
          </p>
        ) : null}
        <dl className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-x-6">
          <dt className="text-slate-500">Event</dt>
          <dd className="min-w-0 font-mono text-xs leading-5 text-slate-800">
            {delivery.eventType} · <span className="break-all">{delivery.eventId}</span>
          </dd>
          <dt className="text-slate-500">Delivery</dt>
          <dd className="min-w-0 break-all font-mono text-xs leading-5 text-slate-800" data-testid="delivery-id">
            {delivery.id}
          </dd>
          <dt className="text-slate-500">Webhook</dt>
          <dd className="min-w-0">
            {webhookHref ? (
              <Link href={webhookHref(delivery.webhookId)} className="font-medium text-brand-700 hover:underline">
                {delivery.webhookName}
              </Link>
            ) : (
              <span className="font-medium text-slate-800">{delivery.webhookName}</span>
            )}
            <div className="break-all font-mono text-xs text-slate-500">{delivery.webhookUrl}</div>
          </dd>
          <dt className="text-slate-500">Created</dt>
          <dd>{formatDateTime(delivery.createdAt)}</dd>
          <dt className="text-slate-500">Attempts</dt>
          <dd className="tabular-nums" data-testid="delivery-attempt-count">
            {delivery.attemptCount}
          </dd>
        </dl>
        <SubOrganizationNote delivery={delivery} />
        <ResendControl delivery={delivery} onResent={(awaited) => {
            setChosenAttempt(null);
            setAwaitedResend(awaited);
          }} />
      </div>

      <AttemptsTimeline
        attempts={delivery.attempts}
        shown={shown?.attempt}
        onShow={setChosenAttempt}
        inFlight={isInFlight(delivery.status)}
        nextAttemptAt={delivery.nextAttemptAt}
        headingLevel={headingLevel === 1 ? 2 : 3}
      />

      <Tabs
        label="Delivery details"
        testId="delivery-tabs"
        selected={tab}
        onSelect={setTab}
        items={[
          {
            id: 'payload',
            label: 'Payload',
            content: (
              <div className="space-y-2">
                <p className="text-xs text-slate-500">The event as Tidings received it. The Request tab shows the body as sent, in the webhook’s format.</p>
                <JsonView value={delivery.payload} label="Event payload" testId="payload-body" />
              </div>
            ),
          },
          {
            id: 'request',
            label: 'Request',
            content: <RequestTab attempt={shown} />,
          },
          {
            id: 'response',
            label: 'Response',
            content: <ResponseTab attempt={shown} />,
          },
        ]}
      />
    </div>
  );
}
