import { z } from 'zod';
import { EVENT_CATALOG } from '@/lib/events/catalog/definitions';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'any', openapi: { summary: 'The event catalog with JSON Schemas', tag: 'Events' } }, () => ({
  data: EVENT_CATALOG.map((definition) => ({
    name: definition.name,
    group: definition.group,
    label: definition.label,
    description: definition.description,
    scope: definition.scope,
    schema: z.toJSONSchema(definition.schema, { unrepresentable: 'any', io: 'input' }),
  })),
  nextCursor: null,
}));

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
