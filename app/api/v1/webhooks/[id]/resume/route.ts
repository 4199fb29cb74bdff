import { auditSource } from '@/lib/audit/audit-source';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { resumeWebhook } from '@/lib/webhooks/held-deliveries';
import { ZResumeWebhook } from '@/lib/webhooks/webhook-schema';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'webhooks:write', body: ZResumeWebhook, openapi: { summary: 'Resume a paused or disabled webhook, sending (in their original order) or discarding the deliveries it held meanwhile; answers {sent, discarded}', tag: 'Webhooks', requires: { events: 'the event scopes of the webhook\'s subscription (`*`: every event scope), as setting status ACTIVE does; sending also those of every held delivery\'s type, and the webhook\'s destination must have been set by a caller who may read them' } } }, async ({ caller, params, body, request }) => {
  const result = await resumeWebhook({ organizationId: caller.organization.id, webhookId: params.id, held: body.held, scopes: caller.scopes, audit: auditSource(caller, request) });
  return json(result);
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
