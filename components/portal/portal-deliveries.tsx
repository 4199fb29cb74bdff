'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DeliverySourceProvider, type DeliverySource } from '@/components/deliveries/api';
import { DeliveriesList } from '@/components/deliveries/deliveries-list';
import { formatDateTime } from '@/components/deliveries/format';
import { SendTestPanel } from '@/components/deliveries/send-test-panel';
import { useUrlParams } from '@/components/deliveries/use-url-params';
import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { ApiError } from '@/lib/api-client';
import { portalDeliveryApi, portalFetch, type PortalSession } from './portal-api';
import { PortalRefusal } from './portal-refusal';

/**
 * The consumer portal: one webhook's Recent Deliveries (request, response, attempts), Send
 * a Test and, when the link allows it, Resend; the console's own views, fed by the
 * portal's API, with no link into the console.
 */
export function PortalDeliveries({ token }: { token: string }) {
  const url = useUrlParams();
  const session = useQuery({
    queryKey: ['portal', 'session', token],
    queryFn: () => portalFetch<PortalSession>(token, ''),
    retry: false,
    // A link revoked while the page is open shows so within a minute.
    refetchInterval: 60_000,
  });
  const allowResend = session.data?.link.allowResend ?? false;
  const source = useMemo<DeliverySource>(
    () => ({
      api: portalDeliveryApi(token),
      canResend: allowResend,
      canSendTest: true,
      resendRefusal: 'This link may not resend deliveries; ask the organization that shared it.',
      webhookHref: null,
      deliveryHref: null,
      formFilter: false,
      cacheKey: `portal:${token}`,
    }),
    [token, allowResend],
  );

  if (session.isError) {
    const error = session.error;
    const gone = error instanceof ApiError && (error.status === 410 || error.status === 404);
    return <PortalRefusal title={gone ? 'This link no longer works' : 'Could not open the deliveries'} message={error.message} />;
  }
  if (!session.data) {
    return <main className="mx-auto max-w-6xl px-4 py-10 text-sm text-slate-500">Loading…</main>;
  }
  const { webhook, link } = session.data;
  const testOpen = url.get('test') === '1';

  return (
    <DeliverySourceProvider value={source}>
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <header className="space-y-2">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Webhook deliveries · shared by link</p>
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <h1 className="text-2xl font-semibold tracking-tight text-slate-900" data-testid="portal-webhook-name">
                  {webhook.name}
                </h1>
                <StatusBadge status={webhook.status} />
              </div>
              <code className="mt-1 block break-all font-mono text-xs text-slate-600" data-testid="webhook-url">
                {webhook.url}
              </code>
              <p className="mt-1 text-xs text-slate-500" data-testid="portal-expiry">
                This link expires {formatDateTime(link.expiresAt)}.{link.allowResend ? ' It may resend deliveries.' : ''}
              </p>
            </div>
            <Button variant={testOpen ? 'secondary' : 'primary'} onClick={() => url.set({ test: testOpen ? undefined : '1' })} aria-expanded={testOpen} data-testid="open-send-test">
              Send a Test
            </Button>
          </div>
        </header>
        {testOpen ? <SendTestPanel webhook={webhook} onSent={(deliveryId) => url.set({ delivery: deliveryId })} onClose={() => url.set({ test: undefined })} /> : null}
        <DeliveriesList webhookId={webhook.webhookId} />
      </main>
    </DeliverySourceProvider>
  );
}
