import { auditSource } from '@/lib/audit/audit-source';
import { assertCanManageApiKeys } from '@/lib/api-keys/assert-can-manage-api-keys';
import { ZCreateApiKey } from '@/lib/api-keys/api-key-schema';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { listApiKeys, serializeApiKey } from '@/lib/api-keys/list-api-keys';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'any', authorize: (caller) => assertCanManageApiKeys(caller, 'list'), openapi: { summary: 'List API keys (console session only)', tag: 'API keys', auth: 'session' } }, ({ caller }) =>
  listApiKeys({ organizationId: caller.organization.id }),
);

// The full key is in this response only; Tidings keeps its SHA-256.
export const POST = route({ auth: 'any', authorize: (caller) => assertCanManageApiKeys(caller, 'change'), body: ZCreateApiKey, openapi: { summary: 'Create an API key; the key is returned once (console session, not viewers)', tag: 'API keys', success: 201, auth: 'session' } }, async ({ caller, body, request }) => {
  const { apiKey, token } = await createApiKey({ organizationId: caller.organization.id, name: body.name, scopes: body.scopes, rateLimitPerMinute: body.rateLimitPerMinute, audit: auditSource(caller, request) });
  return json({ apiKey: serializeApiKey(apiKey), key: token }, { status: 201 });
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
