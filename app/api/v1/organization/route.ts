import { auditSource } from '@/lib/audit/audit-source';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { ZUpdateOrganization } from '@/lib/organizations/organization-schema';
import { setAccountId } from '@/lib/organizations/set-account-id';
import { setDefaultWebhookFormat } from '@/lib/organizations/set-default-webhook-format';
import { renameOrganization } from '@/lib/organizations/sub-organizations';
import { getSharedTokenStatus } from '@/lib/organizations/set-shared-token';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// The caller's organization as the settings page shows it: its numeric account id and
// whether a shared token is set (never the token).
export const GET = route({ auth: 'webhooks:read', openapi: { summary: "The caller's organization: its numeric account id (Webconnex accountId, Kajabi site id), whether a shared token is set, and the format of webhooks created without one", tag: 'Organization' } }, ({ caller }) => getSharedTokenStatus({ organizationId: caller.organization.id }));

// The platform's own numeric account id, before the first event (409 after, or when taken),
// the organization's name (which also needs organizations:write), and the format of webhooks
// created without one.
export const PATCH = route({ auth: 'webhooks:write', body: ZUpdateOrganization, openapi: { summary: "Rename the organization (also needs organizations:write), set its account id to the platform's own numeric one before its first event (409 after, or when another organization has it), or set the format of webhooks created without one (defaultWebhookFormat)", tag: 'Organization' } }, async ({ caller, body, request }) => {
  if (body.name !== undefined && !caller.scopes.includes('organizations:write')) {
    throw caller.kind === 'user'
      ? new AppError('forbidden', 'Your role in this organization cannot make changes')
      : new AppError('insufficient_scope', 'This API key lacks the "organizations:write" scope', { missingScopes: ['organizations:write'] });
  }
  if (body.accountId !== undefined) await setAccountId({ organizationId: caller.organization.id, accountId: body.accountId, audit: auditSource(caller, request) });
  if (body.name !== undefined) await renameOrganization({ organizationId: caller.organization.id, name: body.name, audit: auditSource(caller, request) });
  if (body.defaultWebhookFormat !== undefined) {
    await setDefaultWebhookFormat({ organizationId: caller.organization.id, format: body.defaultWebhookFormat, audit: auditSource(caller, request) });
  }
  return getSharedTokenStatus({ organizationId: caller.organization.id });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'PATCH']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE };
