import { resendDelivery } from '@/lib/deliveries/resend-delivery';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'deliveries:write' }, async ({ caller, params }) => {
  return json(await resendDelivery({ organizationId: caller.organization.id, deliveryId: params.id, scopes: caller.scopes }), { status: 202 });
});
