import { missingEventScopes } from '@/lib/auth/event-scopes';
import { getDelivery } from '@/lib/deliveries/get-delivery';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { recordPortalUse } from '@/lib/portal/record-portal-use';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';

export const dynamic = 'force-dynamic';

/** One delivery of the link's webhook with every attempt; any other delivery is not found. */
export const GET = route({ auth: 'public' }, async ({ request, params }) => {
  const access = await resolvePortalAccess(request, params.token);
  const delivery = await getDelivery({ organizationId: access.organizationId, webhookId: access.webhookId, deliveryId: params.id });
  // A type the link may not read is not there for it, as in its list.
  if (missingEventScopes(access.scopes, [delivery.eventType]).length > 0) throw new AppError('delivery_not_found', `No delivery "${params.id}"`);
  await recordPortalUse({ access, action: 'portal.delivery.view', target: { kind: 'delivery', id: delivery.id } });
  // Nothing of the organization: not its id, nor which sub-organization an event came from.
  const { organizationId: _organization, eventOrganizationId: _eventOrganization, eventOrganization: _named, ...shared } = delivery;
  return shared;
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
