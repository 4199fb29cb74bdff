import { acceptEventBatch, MAX_BATCH_BODY_BYTES, ZEventBatch } from '@/lib/events/accept-event-batch';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: 'events:write',
    body: ZEventBatch,
    maxBodyBytes: MAX_BATCH_BODY_BYTES,
    openapi: {
      summary:
        'Send up to 500 events at once: `{"events": [<body of POST /events, plus an optional idempotencyKey>, …]}`. Each item is checked on its own; the valid ones are stored, with their deliveries, in one transaction committed before the answer. 200 `{results}`: per item, in order, `{index, eventId, deliveries}` or `{index, error: {code, message, issues?}}`. 400 only when the body is not an object with an `events` array of 1 to 500 items. Counts as one request against the API key\'s rate limit',
      tag: 'Events',
      errors: { '413': 'Body over 5 MB (each event stays limited to 256 KB: that item\'s payload_too_large)' },
    },
  },
  async ({ caller, body }) => json({ results: await acceptEventBatch({ callerOrganizationId: caller.organization.id, items: body.events }) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
