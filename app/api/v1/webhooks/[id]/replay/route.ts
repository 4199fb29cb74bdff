import { auditSource } from '@/lib/audit/audit-source';
import { replayDeliveries, ZReplayDeliveries } from '@/lib/deliveries/resend-delivery';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: ['webhooks:write', 'deliveries:write'], body: ZReplayDeliveries, openapi: { summary: 'Resend the deliveries of a time range (failed ones by default; SUCCEEDED ones only with "includeSucceeded": true), to the current URL', tag: 'Webhooks', success: 202, requires: { events: 'the event scopes of every event type among the deliveries it resends. Replays and resends share 10 a minute per organization (429 + Retry-After)' } } }, async ({ caller, params, body, request }) => {
  const result = await replayDeliveries({ organizationId: caller.organization.id, webhookId: params.id, ...body, scopes: caller.scopes, audit: auditSource(caller, request) });
  return json(result, { status: 202 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
