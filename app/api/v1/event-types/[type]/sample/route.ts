import { getEventType } from '@/lib/events/catalog/definitions';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'any', openapi: { summary: 'A sample of an event type', tag: 'Events' } }, ({ params }) => {
  const definition = getEventType(params.type);
  if (!definition) throw new AppError('event_type_not_found', `No event type "${params.type}"`);
  return { type: definition.name, data: definition.sample() };
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
