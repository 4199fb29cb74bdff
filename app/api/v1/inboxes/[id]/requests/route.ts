import { route } from '@/lib/http/route';
import { ZListInboxRequestsQuery } from '@/lib/inbox/inbox-schema';
import { listInboxRequests } from '@/lib/inbox/list-inbox-requests';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// What an inbox received is delivery content, so it needs the deliveries scope.
export const GET = route({ auth: 'deliveries:read', query: ZListInboxRequestsQuery, openapi: { summary: 'What an inbox received, with signature checks', tag: 'Inbox' } }, ({ caller, params, query }) =>
  listInboxRequests({ organizationId: caller.organization.id, inboxId: params.id, query }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
