import { acceptEvent, ZEmitEvent } from '@/lib/events/accept-event';
import { parseIdempotencyKey } from '@/lib/events/idempotency';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'events:write', body: ZEmitEvent }, async ({ caller, body, request }) => {
  const result = await acceptEvent({
    callerOrganizationId: caller.organization.id,
    event: body,
    idempotencyKey: parseIdempotencyKey(request.headers.get('idempotency-key')),
  });
  return json(result.body, { status: result.status, headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {} });
});
