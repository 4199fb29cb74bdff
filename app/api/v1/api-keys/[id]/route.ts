import { auditSource } from '@/lib/audit/audit-source';
import { assertCanManageApiKeys } from '@/lib/api-keys/assert-can-manage-api-keys';
import { serializeApiKey } from '@/lib/api-keys/list-api-keys';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { ZUpdateApiKey } from '@/lib/api-keys/api-key-schema';
import { updateApiKey } from '@/lib/api-keys/update-api-key';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// Revoking keeps the row, so the list can still say when a key stopped working.
export const DELETE = route({ auth: 'any', authorize: (caller) => assertCanManageApiKeys(caller, 'change'), openapi: { summary: 'Revoke an API key; it answers 401 from then on (console session, not viewers)', tag: 'API keys', auth: 'session' } }, async ({ caller, params, request }) => {
  return serializeApiKey(await revokeApiKey({ organizationId: caller.organization.id, apiKeyId: params.id, audit: auditSource(caller, request) }));
});

// A key's request budget: owners and admins raise it for a producer that needs more (null: the default).
export const PATCH = route({ auth: 'any', authorize: (caller) => assertCanManageApiKeys(caller, 'change'), body: ZUpdateApiKey, openapi: { summary: "Set an API key's requests a minute (null: TIDINGS_API_KEY_RATE_LIMIT, default 1,200) (console session, not viewers)", tag: 'API keys', auth: 'session' } }, async ({ caller, params, body, request }) => {
  return serializeApiKey(await updateApiKey({ organizationId: caller.organization.id, apiKeyId: params.id, rateLimitPerMinute: body.rateLimitPerMinute, audit: auditSource(caller, request) }));
});

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['PATCH', 'DELETE']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT };
