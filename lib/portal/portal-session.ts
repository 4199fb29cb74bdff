import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import type { PortalAccess } from './resolve-portal-link';

/**
 * What the portal shows of its webhook: enough to recognise it and to send it tests.
 * Nothing else of the organization (no other webhook, no settings, no secrets).
 */
export async function getPortalSession(access: PortalAccess) {
  const webhook = await db.webhook.findFirst({
    where: { id: access.webhookId, organizationId: access.organizationId },
    select: { id: true, name: true, url: true, events: true, format: true, status: true },
  });
  if (!webhook) throw new AppError('portal_link_not_found', 'This portal link is not valid. Ask the organization that shared it for a new one.');
  return {
    webhook: { webhookId: webhook.id, name: webhook.name, url: webhook.url, events: webhook.events, format: webhook.format, status: webhook.status },
    link: { id: access.linkId, allowResend: access.allowResend, expiresAt: Math.floor(access.expiresAt.getTime() / 1000) },
  };
}

export type PortalSession = Awaited<ReturnType<typeof getPortalSession>>;
