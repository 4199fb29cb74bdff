import { auditSource } from '@/lib/audit/audit-source';
import { json, route } from '@/lib/http/route';
import { sendTestEvent, ZSendTestEvent } from '@/lib/webhooks/send-test-event';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'webhooks:write', body: ZSendTestEvent, openapi: { summary: 'Send a catalog sample to this webhook only (meta.test = true)', tag: 'Webhooks', success: 202, requires: { events: "the tested event type's scopes" } } }, async ({ caller, params, body, request }) => {
  const result = await sendTestEvent({ organizationId: caller.organization.id, webhookId: params.id, event: body.event, scopes: caller.scopes, audit: auditSource(caller, request) });
  return json(result, { status: 202 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
