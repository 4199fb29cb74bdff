import { resendDelivery } from '@/lib/deliveries/resend-delivery';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'deliveries:write' }, async ({ caller, params }) =>
  json(await resendDelivery({ organizationId: caller.organization.id, deliveryId: params.id }), { status: 202 }),
);
