import { listDeliveries, ZListDeliveriesQuery } from '@/lib/deliveries/list-deliveries';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZListDeliveriesQuery }, ({ caller, query }) =>
  listDeliveries({ organizationId: caller.organization.id, query }),
);
