import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { setAccountId, ZSetAccountId } from '@/lib/organizations/set-account-id';
import { getSharedTokenStatus } from '@/lib/organizations/set-shared-token';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// The caller's organization as the settings page shows it: its numeric account id and
// whether a shared token is set (never the token).
export const GET = route({ auth: 'webhooks:read', openapi: { summary: "The caller's organization: its numeric account id (Webconnex accountId, Kajabi site id) and whether a shared token is set", tag: 'Organization' } }, ({ caller }) => getSharedTokenStatus({ organizationId: caller.organization.id }));

// The platform's own numeric account id, before the first event (409 after, or when taken).
export const PATCH = route({ auth: 'webhooks:write', body: ZSetAccountId, openapi: { summary: "Set the organization's account id to the platform's own numeric one, before its first event (409 after, or when another organization has it)", tag: 'Organization' } }, async ({ caller, body, request }) => {
  await setAccountId({ organizationId: caller.organization.id, accountId: body.accountId, audit: auditSource(caller, request) });
  return getSharedTokenStatus({ organizationId: caller.organization.id });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'PATCH']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE };
