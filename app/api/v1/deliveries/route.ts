import { listDeliveries, ZListDeliveriesQuery } from '@/lib/deliveries/list-deliveries';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZListDeliveriesQuery, openapi: { summary: 'Recent Deliveries of all webhooks', tag: 'Deliveries' } }, ({ caller, query }) =>
  listDeliveries({ organizationId: caller.organization.id, query }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
