import { auditSource } from '@/lib/audit/audit-source';
import { createKajabiHook } from '@/lib/hooks/create-kajabi-hook';
import { ZCreateKajabiHook } from '@/lib/hooks/kajabi-hook-schema';
import { AppError } from '@/lib/errors';
import { json, route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// Kajabi's "Create a webhook" (JSON:API): a kajabi-format webhook for one event. As in
// Kajabi, the event's scopes are what it takes ("You can only create webhooks for events you
// have permission to access based on your API key scopes"): a key holding view:contacts alone
// creates tag hooks. Console viewers hold view scopes to read, and change nothing.
export const POST = route(
  {
    auth: 'any',
    body: ZCreateKajabiHook,
    authorize: (caller) => {
      if (caller.kind === 'user' && caller.role === 'viewer') throw new AppError('forbidden', 'Your role in this organization cannot make changes');
    },
    openapi: { summary: 'Kajabi: create a hook (JSON:API `data.type: "hooks"`, `attributes.target_url`, `attributes.event` in Kajabi names, optional `resource_id`); needs only the event scopes of Kajabi\'s table (or Tidings\' group scopes), 403 otherwise', tag: 'Kajabi hooks', success: 201 },
  },
  async ({ caller, body, request }) =>
    json(await createKajabiHook({ organizationId: caller.organization.id, scopes: caller.scopes, body, audit: auditSource(caller, request) }), {
      status: 201,
      headers: { 'Content-Type': 'application/vnd.api+json' },
    }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
