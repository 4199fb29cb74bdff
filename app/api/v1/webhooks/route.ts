import { auditSource } from '@/lib/audit/audit-source';
import { assertEventScopes } from '@/lib/auth/assert-event-scopes';
import { flowAuthorityOf } from '@/lib/auth/flow-authority';
import { json, route } from '@/lib/http/route';
import { createWebhookWithPing } from '@/lib/webhooks/create-webhook';
import { listWebhooks } from '@/lib/webhooks/list-webhooks';
import { ZCreateWebhook, ZListQuery } from '@/lib/webhooks/webhook-schema';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read', query: ZListQuery, openapi: { summary: 'List webhooks, newest first', tag: 'Webhooks' } }, ({ caller, query }) =>
  listWebhooks({ organizationId: caller.organization.id, limit: query.limit, cursor: query.cursor }),
);

export const POST = route({ auth: 'webhooks:write', body: ZCreateWebhook, openapi: { summary: 'Create a webhook (returns the secret once); sends it a ping when pingOnCreate, by default for the standard and sitestacker formats', tag: 'Webhooks', success: 201, requires: { events: 'the event scopes of every subscribed event type (`*`: every event scope)' }, errors: { '409': 'limit_reached: the organization already has TIDINGS_MAX_WEBHOOKS_PER_ORG webhooks (default 100)' } } }, async ({ caller, body, request }) => {
  assertEventScopes(caller.scopes, body.events);
  const { webhook } = await createWebhookWithPing({ organizationId: caller.organization.id, data: body, audit: auditSource(caller, request), authority: flowAuthorityOf(caller) });
  return json(webhook, { status: 201 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
