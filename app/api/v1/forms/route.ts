import { ZUpsertForm } from '@/lib/forms/form-schema';
import { listForms } from '@/lib/forms/list-forms';
import { upsertForm } from '@/lib/forms/upsert-form';
import { json, route } from '@/lib/http/route';
import { ZListQuery } from '@/lib/webhooks/webhook-schema';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'forms:read', query: ZListQuery }, ({ caller, query }) =>
  listForms({ organizationId: caller.organization.id, limit: query.limit, cursor: query.cursor }),
);

// 201 for a new form, 200 when the external id matched one already registered.
export const POST = route({ auth: 'forms:write', body: ZUpsertForm }, async ({ caller, body }) => {
  const { form, created } = await upsertForm({ organizationId: caller.organization.id, ...body });
  return json(form, { status: created ? 201 : 200 });
});
