'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { JsonView } from '@/components/ui/json-view';
import { StatusBadge } from '@/components/ui/status-badge';
import { getEventTypeSummary, isSubscribedTo, SUBSCRIBABLE_EVENT_TYPES, WILDCARD } from '@/lib/events/catalog/names';
import type { WebhookResource } from '@/lib/webhooks/serialize-webhook';
import { isInFlight, useDelivery, useDeliverySource, useEventSample, useSendTest } from './api';
import { EventTypeOptions } from './event-type-options';
import { formatDuration } from './format';

/** What Send a Test needs of a webhook: the console has the whole resource, the portal these. */
export type TestedWebhook = Pick<WebhookResource, 'webhookId' | 'events' | 'format'>;

/** The first event the webhook subscribes to, in catalog order: the test it most likely wants. */
function defaultEventType(webhook: TestedWebhook): string {
  if (webhook.events.includes(WILDCARD)) return 'donation.created';
  return SUBSCRIBABLE_EVENT_TYPES.find((name) => webhook.events.includes(name)) ?? 'donation.created';
}

function TestResult({ deliveryId, onOpen }: { deliveryId: string; onOpen: () => void }) {
  const query = useDelivery(deliveryId);
  const delivery = query.data;
  const last = delivery?.attempts.at(-1);
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
      data-testid="test-result"
      data-status={delivery?.status ?? 'PENDING'}
    >
      <span className="text-slate-600">Test sent:</span>
      {delivery ? <StatusBadge status={delivery.status} /> : <span className="text-slate-500">queued…</span>}
      {last ? (
        <span className="min-w-0 break-words text-slate-700">
          {last.response ? `HTTP ${last.response.status}` : (last.error ?? 'no response')} in {formatDuration(last.durationMs)}
        </span>
      ) : delivery && isInFlight(delivery.status) ? (
        <span className="text-slate-500">waiting for the receiver…</span>
      ) : null}
      <button type="button" onClick={onOpen} className="font-medium text-brand-700 hover:underline">
        View delivery
      </button>
    </div>
  );
}

/**
 * "Send a Test" (Site Stacker, Webconnex): a catalog sample of the chosen type goes to
 * this webhook only, flagged meta.test, and shows up in Recent Deliveries like any other.
 */
export function SendTestPanel({
  webhook,
  onSent,
  onClose,
}: {
  webhook: TestedWebhook;
  /** Opens the new delivery's detail. */
  onSent: (deliveryId: string) => void;
  onClose: () => void;
}) {
  const { canSendTest: canEdit } = useDeliverySource();
  const [eventType, setEventType] = useState(() => defaultEventType(webhook));
  const [sentId, setSentId] = useState<string | null>(null);
  const sample = useEventSample(eventType);
  const send = useSendTest(webhook.webhookId);
  const selectId = useId();
  const definition = getEventTypeSummary(eventType);
  const subscribed = isSubscribedTo(webhook.events, eventType);

  return (
    <Panel
      title="Send a Test"
      closeLabel="Close Send a Test"
      onClose={onClose}
      testId="send-test-panel"
      description={
        <p className="mt-0.5 text-sm text-slate-500">
          A sample event goes to this webhook only, marked <code className="font-mono text-xs">meta.test = true</code>, and appears in the
          deliveries below.
        </p>
      }
    >

      <div className="mt-4 grid gap-4 md:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!canEdit) return;
            send.mutate(eventType, {
              onSuccess: ({ deliveryId }) => {
                setSentId(deliveryId);
                onSent(deliveryId);
              },
            });
          }}
        >
          <div className="space-y-1">
            <label htmlFor={selectId} className="block text-sm font-medium text-slate-700">
              Event type
            </label>
            <select
              id={selectId}
              value={eventType}
              onChange={(event) => {
                setEventType(event.target.value);
                send.reset();
              }}
              className="block w-full rounded-md border border-slate-300 bg-white py-2 pl-3 pr-8 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
              data-testid="test-event-type"
            >
              <EventTypeOptions sendableOnly withNames={false} />
            </select>
            <p className="font-mono text-xs text-slate-700" data-testid="test-event-name">
              {eventType}
            </p>
            {definition ? <p className="text-xs text-slate-500">{definition.description}</p> : null}
            {!subscribed ? (
              <p className="text-xs text-amber-800" data-testid="test-not-subscribed">
                This webhook does not subscribe to {eventType}; the test is delivered anyway.
              </p>
            ) : null}
          </div>
          {canEdit ? (
            <Button type="submit" disabled={send.isPending} data-testid="send-test-submit">
              {send.isPending ? 'Sending…' : `Send ${definition?.label ?? eventType}`}
            </Button>
          ) : (
            <p className="text-xs text-slate-500">Viewers can preview samples but cannot send tests.</p>
          )}
          {send.isError ? (
            <p role="alert" className="text-sm text-red-700" data-testid="send-test-error">
              Could not send the test: {send.error.message}
            </p>
          ) : null}
          {sentId ? <TestResult key={sentId} deliveryId={sentId} onOpen={() => onSent(sentId)} /> : null}
        </form>

        <div className="min-w-0 space-y-1">
          <p className="text-sm font-medium text-slate-700">Sample data</p>
          {sample.isPending ? (
            <p className="text-sm text-slate-500">Loading the sample…</p>
          ) : sample.isError ? (
            <p role="alert" className="text-sm text-red-700">
              Could not load the sample: {sample.error.message}
            </p>
          ) : (
            <JsonView key={eventType} value={sample.data.data} label={`Sample data of ${eventType}`} testId="test-sample" />
          )}
          <p className="text-xs text-slate-500">
            The event’s <code className="font-mono">data</code>; it is sent in the webhook’s <strong>{webhook.format}</strong> format.
          </p>
        </div>
      </div>
    </Panel>
  );
}
