import { auditSource } from '@/lib/audit/audit-source';
import { resendDelivery } from '@/lib/deliveries/resend-delivery';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'deliveries:write', openapi: { summary: 'A new attempt of the same delivery (same webhook-id), to the current URL', tag: 'Deliveries', success: 202, requires: { events: "the delivery's event type's scopes. Replays and resends share 10 a minute per organization (429 + Retry-After)" } } }, async ({ caller, params, request }) => {
  return json(await resendDelivery({ organizationId: caller.organization.id, deliveryId: params.id, scopes: caller.scopes, audit: auditSource(caller, request) }), { status: 202 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
