import { listDeliveries, ZListDeliveriesQuery } from '@/lib/deliveries/list-deliveries';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { recordPortalUse } from '@/lib/portal/record-portal-use';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';

export const dynamic = 'force-dynamic';

/** The link's webhook's Recent Deliveries, with the same search as the console's. */
export const GET = route({ auth: 'public', query: ZListDeliveriesQuery }, async ({ request, params, query }) => {
  const access = await resolvePortalAccess(request, params.token);
  // The link reads with its maker's event scopes (lib/portal/resolve-portal-link.ts): deliveries
  // of other types, from before the subscription changed, are not listed.
  const page = await listDeliveries({ organizationId: access.organizationId, webhookId: access.webhookId, query, scopes: access.scopes });
  await recordPortalUse({ access, action: 'portal.view', target: { kind: 'webhook', id: access.webhookId } });
  return page;
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
