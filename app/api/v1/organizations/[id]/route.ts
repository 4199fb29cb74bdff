import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { ZRenameOrganization } from '@/lib/organizations/organization-schema';
import { renameSubOrganization } from '@/lib/organizations/sub-organizations';

export const dynamic = 'force-dynamic';

export const PATCH = route(
  { auth: 'organizations:write', body: ZRenameOrganization, openapi: { summary: "Rename one of the caller's sub-organizations", tag: 'Organization' } },
  ({ caller, params, body, request }) => renameSubOrganization({ organizationId: caller.organization.id, subOrganizationId: params.id, name: body.name, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['PATCH']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as DELETE };
