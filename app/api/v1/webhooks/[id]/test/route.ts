import { json, route } from '@/lib/http/route';
import { sendTestEvent, ZSendTestEvent } from '@/lib/webhooks/send-test-event';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'webhooks:write', body: ZSendTestEvent }, async ({ caller, params, body }) => {
  const result = await sendTestEvent({ organizationId: caller.organization.id, webhookId: params.id, event: body.event, scopes: caller.scopes });
  return json(result, { status: 202 });
});
