import { auditSource } from '@/lib/audit/audit-source';
import { ZUpsertForm } from '@/lib/forms/form-schema';
import { listForms } from '@/lib/forms/list-forms';
import { upsertForm } from '@/lib/forms/upsert-form';
import { json, route } from '@/lib/http/route';
import { ZListQuery } from '@/lib/webhooks/webhook-schema';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'forms:read', query: ZListQuery, openapi: { summary: 'List forms', tag: 'Forms' } }, ({ caller, query }) =>
  listForms({ organizationId: caller.organization.id, limit: query.limit, cursor: query.cursor }),
);

// 201 for a new form, 200 when the external id matched one already registered.
export const POST = route({ auth: 'forms:write', body: ZUpsertForm, openapi: { summary: 'Register a form, or update the one with the same externalId (200)', tag: 'Forms', success: 201 } }, async ({ caller, body, request }) => {
  const { form, created } = await upsertForm({ organizationId: caller.organization.id, ...body, audit: auditSource(caller, request) });
  return json(form, { status: created ? 201 : 200 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
