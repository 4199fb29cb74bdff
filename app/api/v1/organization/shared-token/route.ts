import { auditSource } from '@/lib/audit/audit-source';
import { json, route } from '@/lib/http/route';
import { generateSharedToken, setSharedToken, ZSetSharedToken } from '@/lib/organizations/set-shared-token';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// The NationBuilder shared token of the caller's organization: set one (204), or have one
// generated and returned this once (200). It is never returned afterwards.
export const PUT = route({ auth: 'webhooks:write', body: ZSetSharedToken, openapi: { summary: 'Set the NationBuilder shared token (sent as `token` in every nationbuilder body; never returned)', tag: 'Organization', success: 204 } }, async ({ caller, body, request }) => {
  await setSharedToken({ organizationId: caller.organization.id, token: body.token, audit: auditSource(caller, request) });
  return new Response(null, { status: 204 });
});

export const POST = route({ auth: 'webhooks:write', openapi: { summary: 'Generate a NationBuilder shared token, returned this once (no body)', tag: 'Organization' } }, async ({ caller, request }) =>
  json(await generateSharedToken({ organizationId: caller.organization.id, audit: auditSource(caller, request) }), { headers: { 'Cache-Control': 'no-store' } }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['PUT', 'POST']);
export { notAllowed as GET, notAllowed as PATCH, notAllowed as DELETE };
