import { route } from '@/lib/http/route';
import { getDeliveryStats, ZDeliveryStatsQuery } from '@/lib/stats/delivery-stats';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'deliveries:read', query: ZDeliveryStatsQuery, openapi: { summary: 'Deliveries per outcome over 24 h and 7 d, per webhook, failing first', tag: 'Deliveries' } }, ({ caller, query }) =>
  getDeliveryStats({ organizationId: caller.organization.id, timeZone: query.tz, limit: query.limit }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
