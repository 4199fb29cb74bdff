import { auditSource } from '@/lib/audit/audit-source';
import { flowAuthorityOf } from '@/lib/auth/flow-authority';
import { route } from '@/lib/http/route';
import { getWebhook } from '@/lib/webhooks/get-webhook';
import { deleteWebhook, updateWebhook } from '@/lib/webhooks/update-webhook';
import { ZUpdateWebhook } from '@/lib/webhooks/webhook-schema';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read', openapi: { summary: 'Get a webhook', tag: 'Webhooks' } }, ({ caller, params }) =>
  getWebhook({ organizationId: caller.organization.id, webhookId: params.id }),
);

export const PATCH = route({ auth: 'webhooks:write', body: ZUpdateWebhook, openapi: { summary: 'Change a webhook (status ACTIVE re-enables a disabled one)', tag: 'Webhooks', requires: { events: 'changing url, format, events, allForms/formIds, resourceId, includeSubOrganizations, apiToken or customHeaders, or setting status ACTIVE, needs the event scopes of the current and the resulting subscription and of every event type the webhook holds or has queued (`*`: every event scope). Moving the URL to another origin drops the API token and custom header values the PATCH does not send again (`clearedSecrets` lists them). Name, description, retry policy, timeout, app key and PAUSED need none' } } }, ({ caller, params, body, request }) =>
  updateWebhook({ organizationId: caller.organization.id, webhookId: params.id, data: body, scopes: caller.scopes, authority: flowAuthorityOf(caller), audit: auditSource(caller, request) }),
);

export const DELETE = route({ auth: 'webhooks:write', openapi: { summary: 'Delete a webhook and its deliveries', tag: 'Webhooks', success: 204 } }, async ({ caller, params, request }) => {
  await deleteWebhook({ organizationId: caller.organization.id, webhookId: params.id, audit: auditSource(caller, request) });
  return new Response(null, { status: 204 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
export { notAllowed as POST, notAllowed as PUT };
