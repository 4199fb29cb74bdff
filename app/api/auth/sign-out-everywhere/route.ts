import { auditSource } from '@/lib/audit/audit-source';
import { revokeAllConsoleSessions } from '@/lib/auth/console-sessions';
import { AppError } from '@/lib/errors';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// "Sign out everywhere" in the console's user menu: every session of the signed-in user
// ends on the server, on every device. The console then signs this browser out too.
// A console action (session and same Origin, checked by route()), never an API key's.
export const POST = route(
  {
    auth: 'any',
    authorize: (caller) => {
      if (caller.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in console user can sign out everywhere');
    },
  },
  async ({ caller, request }) => {
    if (caller.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in console user can sign out everywhere');
    const { revoked } = await revokeAllConsoleSessions({ userId: caller.userId, audit: auditSource(caller, request) });
    return json({ revokedSessions: revoked });
  },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
