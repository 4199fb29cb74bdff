'use client';

import Link from 'next/link';
import { useState } from 'react';
import { FailingBanner } from '@/components/webhooks/failing-banner';
import { ResumeWebhookDialog } from '@/components/webhooks/webhook-dialogs';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { BackLink } from '@/components/ui/page';
import { useWebhook } from '@/components/webhooks/api';
import { PortalLinksPanel } from '@/components/webhooks/portal-links-panel';
import { WebhookHeading, WebhookLoadError } from '@/components/webhooks/webhook-heading';
import { DeliveriesList } from './deliveries-list';
import { ReplayFailedPanel } from './replay-failed-panel';
import { SendTestPanel } from './send-test-panel';
import { useUrlParams } from './use-url-params';

/** One webhook's Recent Deliveries, with Send a Test (`?test=1`) and Replay failed (`?replay=1`). */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const { canEdit } = useConsole();
  const url = useUrlParams();
  const webhook = useWebhook(webhookId);
  const testOpen = url.get('test') === '1';
  const replayOpen = canEdit && url.get('replay') === '1';
  const portalOpen = url.get('portal') === '1';
  const editHref = `/webhooks/${encodeURIComponent(webhookId)}/edit`;
  const [resuming, setResuming] = useState(false);

  if (webhook.isError) {
    return (
      <div className="space-y-4">
        <BackLink href="/webhooks">Webhooks</BackLink>
        <WebhookLoadError error={webhook.error} />
      </div>
    );
  }

  const sendTestButton = (
    <Button variant={testOpen ? 'secondary' : 'primary'} onClick={() => url.set({ test: testOpen ? undefined : '1' })} aria-expanded={testOpen} data-testid="open-send-test">
      Send a Test
    </Button>
  );

  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/webhooks">Webhooks</BackLink>
        <div className="mt-2 flex flex-wrap items-end justify-between gap-3">
          <div className="min-w-0">
            <WebhookHeading title={webhook.data ? webhook.data.name : 'Deliveries'} status={webhook.data?.status} className="gap-y-1" testId="webhook-heading" />
            <p className="mt-1 text-sm text-slate-500">Recent deliveries, newest first, with every attempt.</p>
            {webhook.data ? (
              <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                <code className="break-all font-mono text-xs text-slate-600" data-testid="webhook-url">
                  {webhook.data.url}
                </code>
                <Link href={editHref} className="text-brand-600 hover:underline">
                  {canEdit ? 'Edit webhook' : 'Settings'}
                </Link>
              </div>
            ) : null}
          </div>
          {webhook.data ? (
            <div className="flex flex-wrap gap-2">
              {sendTestButton}
              {canEdit ? (
                <Button variant="secondary" onClick={() => url.set({ replay: replayOpen ? undefined : '1' })} aria-expanded={replayOpen} data-testid="open-replay">
                  Replay failed
                </Button>
              ) : null}
              <Button variant="secondary" onClick={() => url.set({ portal: portalOpen ? undefined : '1' })} aria-expanded={portalOpen} data-testid="open-portal-links">
                Portal links
              </Button>
            </div>
          ) : null}
        </div>
        {webhook.data?.status === 'DISABLED' && webhook.data.disabledReason ? (
          <p className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            Tidings turned this webhook off: {webhook.data.disabledReason}. New events are held, not sent, until an admin re-enables it.
          </p>
        ) : webhook.data?.status === 'PAUSED' ? (
          <p className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This webhook is paused: new events are held, not sent, until it is resumed (tests and resends still are sent).
          </p>
        ) : null}
        {webhook.data ? (
          <div className="mt-3">
            <FailingBanner webhooks={[webhook.data]} linkToWebhook={false} />
          </div>
        ) : null}
        {webhook.data && (webhook.data.heldDeliveries > 0 || webhook.data.heldOverflow.count > 0) ? (
          <div className="mt-3 flex flex-wrap items-center gap-3 rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm text-violet-900" data-testid="held-notice">
            <span>
              <strong className="font-semibold" data-testid="held-count">{webhook.data.heldDeliveries}</strong> held deliver
              {webhook.data.heldDeliveries === 1 ? 'y' : 'ies'} waiting for a resume.
              {webhook.data.heldOverflow.count > 0 ? (
                <span data-testid="held-overflow">
                  {' '}
                  {webhook.data.heldOverflow.count} more event{webhook.data.heldOverflow.count === 1 ? ' was' : 's were'} not held: the limit of held
                  deliveries per webhook was reached (the oldest held ones are kept).
                </span>
              ) : null}
            </span>
            {canEdit && webhook.data.heldDeliveries > 0 ? (
              <Button size="sm" variant="secondary" onClick={() => setResuming(true)} data-testid="open-resume">
                {webhook.data.status === 'ACTIVE' ? 'Send or discard them' : webhook.data.status === 'DISABLED' ? 'Re-enable…' : 'Resume…'}
              </Button>
            ) : null}
          </div>
        ) : null}
        <ResumeWebhookDialog webhook={resuming && webhook.data ? webhook.data : null} onClose={() => setResuming(false)} onResumed={() => undefined} />
      </div>

      {webhook.data && testOpen ? (
        <SendTestPanel
          webhook={webhook.data}
          onSent={(deliveryId) => url.set({ delivery: deliveryId })}
          onClose={() => url.set({ test: undefined })}
        />
      ) : null}
      {webhook.data && replayOpen ? <ReplayFailedPanel webhook={webhook.data} onClose={() => url.set({ replay: undefined })} /> : null}
      {webhook.data && portalOpen ? <PortalLinksPanel webhookId={webhookId} canEdit={canEdit} onClose={() => url.set({ portal: undefined })} /> : null}

      <DeliveriesList webhookId={webhookId} emptyAction={testOpen ? undefined : sendTestButton} />
    </div>
  );
}
