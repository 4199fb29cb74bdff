import { getEventType } from '@/lib/events/catalog';
import { AppError } from '@/lib/http/app-error';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'any' }, ({ params }) => {
  const definition = getEventType(params.type);
  if (!definition) throw new AppError('event_type_not_found', `No event type "${params.type}"`);
  return { type: definition.name, data: definition.sample() };
});
