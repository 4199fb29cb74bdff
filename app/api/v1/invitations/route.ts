import { auditSource } from '@/lib/audit/audit-source';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { invitationBaseUrl } from '@/lib/team/invitation-base-url';
import { createInvitation, listInvitations } from '@/lib/team/invitations';
import { assertCanManageTeam } from '@/lib/team/team-permissions';
import { ZInviteMember } from '@/lib/team/team-schema';

export const dynamic = 'force-dynamic';

export const GET = route(
  { auth: 'any', authorize: (caller) => void assertCanManageTeam(caller, 'list'), openapi: { summary: 'List pending invitations (console session, owners and admins)', tag: 'Team', auth: 'session' } },
  ({ caller }) => listInvitations({ organizationId: caller.organization.id }),
);

// The link is in this response only (Tidings keeps the token's SHA-256), and is mailed when
// TIDINGS_SMTP_URL is set. Admins cannot invite owners.
export const POST = route(
  {
    auth: 'any',
    authorize: (caller) => void assertCanManageTeam(caller, 'change'),
    body: ZInviteMember,
    openapi: { summary: 'Invite someone by email with a role; the single-use link is returned once and mailed when SMTP is configured (console session, owners and admins)', tag: 'Team', auth: 'session', success: 201, errors: { '409': 'Already a member' } },
  },
  async ({ request, caller, body }) => {
    const created = await createInvitation({ manager: assertCanManageTeam(caller, 'change'), email: body.email, role: body.role, baseUrl: invitationBaseUrl(request), audit: auditSource(caller, request) });
    return json(created, { status: 201 });
  },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
