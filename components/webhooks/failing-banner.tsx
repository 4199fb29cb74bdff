'use client';

import Link from 'next/link';
import type { WebhookResource } from './api';

// docs/delivery-semantics.md#warnings-before-disabling: once a webhook has failed every
// delivery for an hour (the first `webhook.failing` warning), the console says so wherever
// its webhooks show: the Webhooks list, the webhook's page and the dashboard.

const formatDateTime = (unixSeconds: number) =>
  new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The webhooks to warn about: failing long enough that a `webhook.failing` warning went out. */
export function failingWebhooks(webhooks: readonly WebhookResource[]): WebhookResource[] {
  return webhooks.filter((webhook) => webhook.status === 'ACTIVE' && webhook.failingSince !== null && webhook.disableAt !== null && webhook.failingWarnings > 0);
}

/** One warning per failing webhook: "failing since …; will be disabled on … unless a delivery succeeds". */
export function FailingBanner({ webhooks, linkToWebhook = true }: { webhooks: readonly WebhookResource[]; linkToWebhook?: boolean }) {
  const failing = failingWebhooks(webhooks);
  if (failing.length === 0) return null;
  return (
    <div role="alert" className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="failing-banner">
      {failing.map((webhook) => (
        <p key={webhook.webhookId} data-testid="failing-warning" data-webhook-id={webhook.webhookId}>
          {linkToWebhook ? (
            <Link href={`/webhooks/${encodeURIComponent(webhook.webhookId)}/deliveries`} className="font-semibold underline">
              {webhook.name}
            </Link>
          ) : (
            <strong className="font-semibold">{webhook.name}</strong>
          )}{' '}
          is failing since <time dateTime={new Date(webhook.failingSince! * 1000).toISOString()}>{formatDateTime(webhook.failingSince!)}</time>; will be
          disabled on <time dateTime={new Date(webhook.disableAt! * 1000).toISOString()}>{formatDateTime(webhook.disableAt!)}</time> unless a delivery
          succeeds.
        </p>
      ))}
    </div>
  );
}
