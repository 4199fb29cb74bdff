import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { revokeInvitation } from '@/lib/team/invitations';
import { assertCanManageTeam } from '@/lib/team/team-permissions';

export const dynamic = 'force-dynamic';

export const DELETE = route(
  { auth: 'any', authorize: (caller) => void assertCanManageTeam(caller, 'change'), openapi: { summary: 'Revoke an invitation; its link stops working (console session, owners and admins)', tag: 'Team', auth: 'session' } },
  ({ caller, params, request }) => revokeInvitation({ manager: assertCanManageTeam(caller, 'change'), invitationId: params.id, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['DELETE']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
