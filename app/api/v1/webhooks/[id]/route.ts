import { route } from '@/lib/http/route';
import { getWebhook } from '@/lib/webhooks/get-webhook';
import { deleteWebhook, updateWebhook } from '@/lib/webhooks/update-webhook';
import { ZUpdateWebhook } from '@/lib/webhooks/webhook-schema';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read' }, ({ caller, params }) =>
  getWebhook({ organizationId: caller.organization.id, webhookId: params.id }),
);

export const PATCH = route({ auth: 'webhooks:write', body: ZUpdateWebhook }, ({ caller, params, body }) =>
  updateWebhook({ organizationId: caller.organization.id, webhookId: params.id, data: body, scopes: caller.scopes }),
);

export const DELETE = route({ auth: 'webhooks:write' }, async ({ caller, params }) => {
  await deleteWebhook({ organizationId: caller.organization.id, webhookId: params.id });
  return new Response(null, { status: 204 });
});
