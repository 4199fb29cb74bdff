import { auditSource } from '@/lib/audit/audit-source';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { ZCreateSubOrganization } from '@/lib/organizations/organization-schema';
import { createSubOrganization, listSubOrganizations } from '@/lib/organizations/sub-organizations';

export const dynamic = 'force-dynamic';

// Sub-organizations (subnations) of the caller's organization, at every depth.
export const GET = route({ auth: 'organizations:read', openapi: { summary: "List the sub-organizations of the caller's organization, at every depth", tag: 'Organization' } }, ({ caller }) =>
  listSubOrganizations({ organizationId: caller.organization.id }),
);

export const POST = route(
  {
    auth: 'organizations:write',
    body: ZCreateSubOrganization,
    openapi: { summary: "Create a sub-organization under the caller's organization, or under one of its sub-organizations (parentId)", tag: 'Organization', success: 201, errors: { '409': 'The slug is taken' } },
  },
  async ({ caller, body, request }) => json(await createSubOrganization({ organizationId: caller.organization.id, name: body.name, slug: body.slug, parentId: body.parentId, audit: auditSource(caller, request) }), { status: 201 }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
