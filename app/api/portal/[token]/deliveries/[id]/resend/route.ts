import { resendDelivery } from '@/lib/deliveries/resend-delivery';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { recordPortalUse } from '@/lib/portal/record-portal-use';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';

export const dynamic = 'force-dynamic';

/** Resend one delivery of the link's webhook, to that webhook's URL, when the link allows it. */
export const POST = route({ auth: 'public' }, async ({ request, params }) => {
  const access = await resolvePortalAccess(request, params.token);
  if (!access.allowResend) throw new AppError('forbidden', 'This portal link may not resend deliveries');
  // The link's maker held deliveries:write; the data goes back to the same webhook it was sent
  // to, for the types the link may read (others are not found, as in its list).
  const result = await resendDelivery({ organizationId: access.organizationId, webhookId: access.webhookId, deliveryId: params.id, scopes: access.scopes, unreadableIsNotFound: true });
  await recordPortalUse({ access, action: 'portal.delivery.resend', target: { kind: 'delivery', id: result.deliveryId } });
  return Response.json(result, { status: 202 });
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
