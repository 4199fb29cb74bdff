import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PortalDeliveries } from '@/components/portal/portal-deliveries';
import { PortalRefusal } from '@/components/portal/portal-refusal';
import { headers } from 'next/headers';
import { AppError } from '@/lib/errors';
import { findPortalLink, limitPortalRequest } from '@/lib/portal/resolve-portal-link';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Webhook deliveries', robots: { index: false, follow: false } };

/**
 * The consumer portal (docs/security-model.md#consumer-portal): outside the console's
 * session, opened by the link's token alone. A revoked, expired or unknown link gets a
 * page that says so; a live one, the webhook's deliveries, read through /api/portal/<token>.
 */
export default async function PortalPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const requestHeaders = await headers();
  try {
    await limitPortalRequest((name) => requestHeaders.get(name), token);
  } catch (error) {
    if (error instanceof AppError) return <PortalRefusal title="Too many requests" message={error.message} />;
    throw error;
  }
  const found = await findPortalLink(token);
  if ('refusal' in found) {
    const title = found.refusal.reason === 'revoked' ? 'This link was revoked' : found.refusal.reason === 'expired' ? 'This link has expired' : 'This link is not valid';
    return <PortalRefusal title={title} message={found.refusal.message} />;
  }
  return (
    <Suspense>
      <PortalDeliveries token={token} />
    </Suspense>
  );
}
