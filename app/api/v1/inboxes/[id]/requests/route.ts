import { route } from '@/lib/http/route';
import { ZListInboxRequestsQuery } from '@/lib/inbox/inbox-schema';
import { listInboxRequests } from '@/lib/inbox/list-inbox-requests';

export const dynamic = 'force-dynamic';

// What an inbox received is delivery content, so it needs the deliveries scope.
export const GET = route({ auth: 'deliveries:read', query: ZListInboxRequestsQuery }, ({ caller, params, query }) =>
  listInboxRequests({ organizationId: caller.organization.id, inboxId: params.id, query }),
);
