import { z } from 'zod';
import { EVENT_CATALOG } from '@/lib/events/catalog';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'any' }, () => ({
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
