import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { createInbox } from '@/lib/inbox/create-inbox';
import { inboxOrigin } from '@/lib/inbox/inbox-origin';
import { ZCreateInbox } from '@/lib/inbox/inbox-schema';
import { listInboxes } from '@/lib/inbox/list-inboxes';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read', openapi: { summary: "The organization's request inboxes", tag: 'Inbox' } }, ({ caller, request }) =>
  listInboxes({ organizationId: caller.organization.id, origin: inboxOrigin(request) }),
);

export const POST = route({ auth: 'webhooks:write', body: ZCreateInbox, openapi: { summary: 'Create a request inbox (a URL webhooks can deliver to)', tag: 'Inbox', success: 201 } }, async ({ caller, request, body }) =>
  Response.json(await createInbox({ organizationId: caller.organization.id, origin: inboxOrigin(request), data: body, audit: auditSource(caller, request) }), { status: 201 }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
