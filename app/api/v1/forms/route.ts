import { listForms } from '@/lib/forms/list-forms';
import { route } from '@/lib/http/route';
import { ZListQuery } from '@/lib/webhooks/webhook-schema';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'forms:read', query: ZListQuery }, ({ caller, query }) =>
  listForms({ organizationId: caller.organization.id, limit: query.limit, cursor: query.cursor }),
);
