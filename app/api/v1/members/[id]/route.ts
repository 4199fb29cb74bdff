import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { changeMemberRole, removeMember } from '@/lib/team/members';
import { assertCanManageTeam } from '@/lib/team/team-permissions';
import { ZChangeMemberRole } from '@/lib/team/team-schema';

export const dynamic = 'force-dynamic';

// Owners change anyone's role; admins those of admins and viewers, never to owner. The last
// owner stays (409). The member's next request already runs with the new role.
export const PATCH = route(
  {
    auth: 'any',
    authorize: (caller) => void assertCanManageTeam(caller, 'change'),
    body: ZChangeMemberRole,
    openapi: { summary: "Change a member's role; applies on their next request (console session, owners and admins; the last owner cannot be lowered)", tag: 'Team', auth: 'session', errors: { '409': 'The last owner cannot be lowered' } },
  },
  ({ caller, params, body, request }) => changeMemberRole({ manager: assertCanManageTeam(caller, 'change'), membershipId: params.id, role: body.role, audit: auditSource(caller, request) }),
);

// Removing a member ends every session they have: their open pages stop working.
export const DELETE = route(
  {
    auth: 'any',
    authorize: (caller) => void assertCanManageTeam(caller, 'change'),
    openapi: { summary: 'Remove a member and end their sessions (console session, owners and admins; the last owner cannot be removed)', tag: 'Team', auth: 'session', errors: { '409': 'The last owner cannot be removed' } },
  },
  ({ caller, params, request }) => removeMember({ manager: assertCanManageTeam(caller, 'change'), membershipId: params.id, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['PATCH', 'DELETE']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT };
