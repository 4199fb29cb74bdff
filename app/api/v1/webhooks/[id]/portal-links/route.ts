import { auditSource } from '@/lib/audit/audit-source';
import { env } from '@/lib/env';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { createPortalLink, listPortalLinks } from '@/lib/portal/manage-portal-links';
import { ZCreatePortalLink } from '@/lib/portal/portal-link-schema';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: ['webhooks:write', 'deliveries:read'],
    body: ZCreatePortalLink,
    openapi: {
      summary: "A consumer portal link: whoever holds the URL sees this webhook's deliveries, sends tests and, with allowResend, resends; the URL is shown once",
      tag: 'Webhooks',
      success: 201,
      requires: { events: 'the event scopes of the webhook\'s subscription (the link shows those payloads); "allowResend": true also needs deliveries:write' },
    },
  },
  async ({ caller, params, body, request }) => {
    const link = await createPortalLink({
      organizationId: caller.organization.id,
      webhookId: params.id,
      data: body,
      scopes: caller.scopes,
      createdBy: caller.kind === 'user' ? `user:${caller.userId}` : `apiKey:${caller.apiKeyId}`,
      origin: env().NEXTAUTH_URL ?? new URL(request.url).origin,
      audit: auditSource(caller, request),
    });
    return Response.json(link, { status: 201 });
  },
);

export const GET = route({ auth: 'webhooks:read', openapi: { summary: "A webhook's portal links (never their URLs), newest first", tag: 'Webhooks' } }, ({ caller, params }) =>
  listPortalLinks({ organizationId: caller.organization.id, webhookId: params.id }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
