import { route } from '@/lib/http/route';
import { getDeliveryStats, ZDeliveryStatsQuery } from '@/lib/stats/delivery-stats';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZDeliveryStatsQuery }, ({ caller, query }) =>
  getDeliveryStats({ organizationId: caller.organization.id, timeZone: query.tz, limit: query.limit }),
);
