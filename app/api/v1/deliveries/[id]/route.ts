import { assertEventScopes } from '@/lib/auth/assert-event-scopes';
import { getDelivery } from '@/lib/deliveries/get-delivery';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', openapi: { summary: 'A delivery with its payload and every attempt', tag: 'Deliveries', requires: { events: "the delivery's event type's scopes (its payload is that event's data)" } } }, async ({ caller, params }) => {
  const delivery = await getDelivery({ organizationId: caller.organization.id, deliveryId: params.id });
  assertEventScopes(caller.scopes, [delivery.eventType], 'to read this delivery');
  return delivery;
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
