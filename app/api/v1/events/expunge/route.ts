import { auditSource } from '@/lib/audit/audit-source';
import { expungeEvents, ZExpungeEvents } from '@/lib/events/expunge-events';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: 'events:write',
    body: ZExpungeEvents,
    openapi: {
      summary:
        "Expunge events: by `eventIds`, or every event whose data mentions `email`. Their data becomes a tombstone (the events and deliveries stay, countable), attempts' request and response bodies are emptied, unsettled deliveries fail, inbox requests that carried them are deleted, and the email is removed from audit rows",
      tag: 'Events',
      requires: { events: 'the event scopes of every expunged event type (all or nothing: 403 names what is missing)' },
    },
  },
  ({ caller, body, request }) => expungeEvents({ organizationId: caller.organization.id, scopes: caller.scopes, data: body, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
