import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { listMembers } from '@/lib/team/members';
import { assertCanManageTeam } from '@/lib/team/team-permissions';

export const dynamic = 'force-dynamic';

// The Team page's members: console only (owners and admins), never an API key.
export const GET = route(
  { auth: 'any', authorize: (caller) => void assertCanManageTeam(caller, 'list'), openapi: { summary: 'List the members of the organization with role and last sign-in (console session, owners and admins)', tag: 'Team', auth: 'session' } },
  async ({ caller }) => json(await listMembers({ organizationId: caller.organization.id, viewerUserId: caller.kind === 'user' ? caller.userId : undefined })),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
