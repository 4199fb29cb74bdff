import { getEventType } from '@/lib/events/catalog/definitions';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';

export const dynamic = 'force-dynamic';

/** A catalog sample, for the portal's Send a Test preview (public catalog data, no use recorded). */
export const GET = route({ auth: 'public' }, async ({ request, params }) => {
  await resolvePortalAccess(request, params.token);
  const definition = getEventType(params.type);
  if (!definition) throw new AppError('event_type_not_found', `No event type "${params.type}"`);
  return { type: definition.name, data: definition.sample() };
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
