import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { recordPortalUse } from '@/lib/portal/record-portal-use';
import { resolvePortalAccess } from '@/lib/portal/resolve-portal-link';
import { sendTestEvent, ZSendTestEvent } from '@/lib/webhooks/send-test-event';

export const dynamic = 'force-dynamic';

/**
 * Send a Test to the link's webhook: a catalog sample (no real person's data), flagged
 * meta.test. It makes the webhook send, so it needs a link that may resend, an active
 * webhook, and a type the link may read.
 */
export const POST = route({ auth: 'public', body: ZSendTestEvent }, async ({ request, params, body }) => {
  const access = await resolvePortalAccess(request, params.token);
  if (!access.allowResend) throw new AppError('forbidden', 'This portal link may not send tests: it was made without resend');
  const result = await sendTestEvent({ organizationId: access.organizationId, webhookId: access.webhookId, event: body.event, scopes: access.scopes, requireActive: true });
  await recordPortalUse({ access, action: 'portal.test.send', target: { kind: 'delivery', id: result.deliveryId } });
  return Response.json(result, { status: 202 });
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
