import { acceptEvent, ZEmitEvent } from '@/lib/events/accept-event';
import { parseIdempotencyKey } from '@/lib/events/idempotency';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'events:write', body: ZEmitEvent, openapi: { summary: 'Send an event (optional Idempotency-Key header, 24 h). For Site Stacker receivers, send data.contribution_batch_id with donation.created (`{"contribution_batch_id": "9"}` alone is a valid donation.created); without it they receive `"contribution_batch_id": null` beside the donation', tag: 'Events', success: 202, errors: { '409': 'Idempotency-Key reused with another body', '413': 'Body over 256 KB' }, headers: [{ name: 'Idempotency-Key', schema: { type: 'string', maxLength: 255 } }] } }, async ({ caller, body, request }) => {
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
