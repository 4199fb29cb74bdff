import { getDelivery } from '@/lib/deliveries/get-delivery';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read' }, ({ caller, params }) =>
  getDelivery({ organizationId: caller.organization.id, deliveryId: params.id }),
);
