import { requestAddress } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { acceptInvitation } from '@/lib/team/accept-invitation';
import { consumeInvitationAttempt } from '@/lib/team/invitation-rate-limit';
import { ZAcceptInvitation } from '@/lib/team/team-schema';

export const dynamic = 'force-dynamic';

// Takes an invitation: a new user with name and password, or an existing user with their
// password. The page then signs in with the same email and password.
export const POST = route(
  {
    auth: 'public',
    body: ZAcceptInvitation,
    openapi: {
      summary: 'Accept an invitation: a new user chooses a name and password, an existing user gives their password (public; single use; rate-limited per address)',
      tag: 'Team',
      errors: { '404': 'No invitation has this token', '410': 'The invitation was used, revoked or has expired', '429': 'Too many attempts from this address' },
    },
  },
  async ({ request, body }) => {
    await consumeInvitationAttempt(request);
    return acceptInvitation({ token: body.token, name: body.name, password: body.password, address: requestAddress(request) });
  },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
