import { acceptEvent, ZEmitEvent } from '@/lib/events/accept-event';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'events:write', body: ZEmitEvent }, async ({ caller, body }) =>
  json(await acceptEvent({ callerOrganizationId: caller.organization.id, event: body }), { status: 202 }),
);
