import { replayDeliveries, ZReplayDeliveries } from '@/lib/deliveries/resend-delivery';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: ['webhooks:write', 'deliveries:write'], body: ZReplayDeliveries }, async ({ caller, params, body }) => {
  const result = await replayDeliveries({ organizationId: caller.organization.id, webhookId: params.id, ...body, scopes: caller.scopes });
  return json(result, { status: 202 });
});
