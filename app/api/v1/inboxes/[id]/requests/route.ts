import { route } from '@/lib/http/route';
import { ZListInboxRequestsQuery } from '@/lib/inbox/inbox-schema';
import { listInboxRequests } from '@/lib/inbox/list-inbox-requests';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// What an inbox received is delivery content: it needs the deliveries scope, and each body the
// event scopes of its delivery's type (withheld otherwise), as delivery reads do.
export const GET = route({ auth: 'deliveries:read', query: ZListInboxRequestsQuery, openapi: { summary: 'What an inbox received, with signature checks; a body whose delivery type the event scopes do not cover is withheld (`withheld` names the scopes)', tag: 'Inbox' } }, ({ caller, params, query }) =>
  listInboxRequests({ organizationId: caller.organization.id, inboxId: params.id, query, scopes: caller.scopes }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
