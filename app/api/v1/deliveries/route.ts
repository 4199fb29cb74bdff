import { listDeliveries, ZListDeliveriesQuery } from '@/lib/deliveries/list-deliveries';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZListDeliveriesQuery, openapi: { summary: 'Recent Deliveries of all webhooks; search by status, event (a type or group.*), webhookId, formId, resourceId, since, until and q (text in the payload)', tag: 'Deliveries', requires: { events: 'the event scopes of what it shows: deliveries of types the key\'s event scopes do not cover are left out, and an `event` filter naming such a type is refused' } } }, ({ caller, query }) =>
  listDeliveries({ organizationId: caller.organization.id, query, scopes: caller.scopes }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
