import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { revokePortalLink } from '@/lib/portal/manage-portal-links';

export const dynamic = 'force-dynamic';

export const DELETE = route({ auth: 'webhooks:write', openapi: { summary: 'Revoke a portal link: its URL stops working at once', tag: 'Webhooks', success: 204 } }, async ({ caller, params, request }) => {
  await revokePortalLink({ organizationId: caller.organization.id, webhookId: params.id, linkId: params.linkId, audit: auditSource(caller, request) });
  return new Response(null, { status: 204 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['DELETE']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
