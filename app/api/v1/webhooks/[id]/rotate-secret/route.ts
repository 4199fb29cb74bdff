import { auditSource } from '@/lib/audit/audit-source';
import { route } from '@/lib/http/route';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'webhooks:write', openapi: { summary: 'Rotate the secret (the old one signs too for 24 h)', tag: 'Webhooks' } }, ({ caller, params, request }) =>
  rotateWebhookSecret({ organizationId: caller.organization.id, webhookId: params.id, audit: auditSource(caller, request) }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
