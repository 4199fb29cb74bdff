import { acceptEvent, ZEmitEvent } from '@/lib/events/accept-event';
import { parseIdempotencyKey } from '@/lib/events/idempotency';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'events:write', body: ZEmitEvent }, async ({ caller, body, request }) => {
  const result = await acceptEvent({
    callerOrganizationId: caller.organization.id,
    event: body,
    idempotencyKey: parseIdempotencyKey(request.headers.get('idempotency-key')),
  });
  return json(result.body, { status: result.status, headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {} });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
