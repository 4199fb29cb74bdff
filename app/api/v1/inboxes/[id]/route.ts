import { route } from '@/lib/http/route';
import { getInbox } from '@/lib/inbox/get-inbox';
import { inboxOrigin } from '@/lib/inbox/inbox-origin';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'webhooks:read' }, ({ caller, params, request }) =>
  getInbox({ organizationId: caller.organization.id, inboxId: params.id, origin: inboxOrigin(request) }),
);
