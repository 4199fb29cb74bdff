import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { lookupInvitation } from '@/lib/team/accept-invitation';
import { consumeInvitationAttempt } from '@/lib/team/invitation-rate-limit';
import { ZLookupInvitation } from '@/lib/team/team-schema';

export const dynamic = 'force-dynamic';

// The invitation page asks what its link offers. The token travels in the body (the link
// keeps it in the fragment), so it is in no URL, log or Referer.
export const POST = route(
  {
    auth: 'public',
    body: ZLookupInvitation,
    openapi: { summary: 'What an invitation link offers: organization, role, email, whether the account exists, and whether the link is still usable (public; rate-limited per address)', tag: 'Team', errors: { '404': 'No invitation has this token', '429': 'Too many attempts from this address' } },
  },
  async ({ request, body }) => {
    await consumeInvitationAttempt(request);
    return lookupInvitation({ token: body.token });
  },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
