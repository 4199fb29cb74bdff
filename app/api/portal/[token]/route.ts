import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { recordPortalUse } from '@/lib/portal/record-portal-use';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';
import { getPortalSession } from '@/lib/portal/portal-session';

export const dynamic = 'force-dynamic';

// The consumer portal's API (docs/security-model.md#consumer-portal): the token in the path
// is the only credential; it opens one webhook's deliveries and nothing else.
export const GET = route({ auth: 'public' }, async ({ request, params }) => {
  const access = await resolvePortalAccess(request, params.token);
  const session = await getPortalSession(access);
  await recordPortalUse({ access, action: 'portal.view', target: { kind: 'webhook', id: access.webhookId } });
  return session;
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
