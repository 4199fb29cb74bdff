import { route } from '@/lib/http/route';
import { getInbox } from '@/lib/inbox/get-inbox';
import { inboxOrigin } from '@/lib/inbox/inbox-origin';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read', openapi: { summary: 'A request inbox', tag: 'Inbox' } }, ({ caller, params, request }) =>
  getInbox({ organizationId: caller.organization.id, inboxId: params.id, origin: inboxOrigin(request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
