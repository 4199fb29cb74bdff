import { auditSource } from '@/lib/audit/audit-source';
import { expungeEvents, ZExpungeEvents } from '@/lib/events/expunge-events';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// An owner's power: events:expunge is in no default set and only owners and admins hold it
// in the console. The scope alone decides the 403, before any data is looked at, and the
// answer has the same shape whether or not anything matched (docs/security-model.md#expunge).
export const POST = route(
  {
    auth: 'events:expunge',
    body: ZExpungeEvents,
    openapi: {
      summary:
        "Expunge events: by `eventIds`, or every event holding `email` as a whole value (any letter case). Their data becomes a tombstone (the events and deliveries stay, countable), orderingKey and resourceId are cleared, unsettled and held deliveries fail, attempts lose bodies, response headers and error texts, inbox copies are deleted, and the email is replaced in audit rows. Reaches sub-organization events delivered to the caller's webhooks. Answers `{events, deliveries}` counts, the same shape whether or not anything matched",
      tag: 'Events',
    },
  },
  ({ caller, body, request }) => expungeEvents({ organizationId: caller.organization.id, data: body, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
