import { listDeliveries, ZListDeliveriesQuery } from '@/lib/deliveries/list-deliveries';
import { route } from '@/lib/http/route';
import { findWebhookRow } from '@/lib/webhooks/get-webhook';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZListDeliveriesQuery }, async ({ caller, params, query }) => {
  const webhook = await findWebhookRow({ organizationId: caller.organization.id, webhookId: params.id });
  return listDeliveries({ organizationId: caller.organization.id, webhookId: webhook.id, query });
});
