import { auditSource } from '@/lib/audit/audit-source';
import { changePassword } from '@/lib/auth/change-password';
import { AppError } from '@/lib/errors';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { ZChangePassword } from '@/lib/team/team-schema';

export const dynamic = 'force-dynamic';

// The account page's password change: a console action of the signed-in user (session and
// same Origin, checked by route()), never an API key's. Other sessions end; this one stays.
export const POST = route(
  {
    auth: 'any',
    body: ZChangePassword,
    authorize: (caller) => {
      if (caller.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in console user can change their password');
    },
  },
  async ({ caller, body, request }) => {
    if (caller.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in console user can change their password');
    const { revokedSessions } = await changePassword({ userId: caller.userId, sessionId: caller.sessionId, currentPassword: body.currentPassword, newPassword: body.newPassword, audit: auditSource(caller, request) });
    return json({ revokedSessions });
  },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
