import { route } from '@/lib/http/route';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';

export const dynamic = 'force-dynamic';

export const POST = route({ auth: 'webhooks:write' }, ({ caller, params }) =>
  rotateWebhookSecret({ organizationId: caller.organization.id, webhookId: params.id }),
);
