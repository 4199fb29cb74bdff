import 'server-only';
import { db } from '../db';
import type { PortalAccess } from './resolve-portal-link';

/** What a portal request did: the audit log's action names for portal use. */
export type PortalAction = 'portal.view' | 'portal.delivery.view' | 'portal.delivery.resend' | 'portal.test.send';

/**
 * Every use of a portal link passes here, after the link was accepted and before the
 * answer: it counts the use on the link (lastUsedAt, useCount, shown in the console).
 * This is the one place that knows who used which link for what, from where: the audit
 * log (issue 18 item 3) records portal use by calling its writer from this function with
 * these fields (actor: the link, action, target, client address).
 */
export async function recordPortalUse(input: { access: PortalAccess; action: PortalAction; target: { kind: 'webhook' | 'delivery'; id: string } }): Promise<void> {
  await db.portalLink.update({
    where: { id: input.access.linkId },
    data: { lastUsedAt: new Date(), useCount: { increment: 1 } },
  });
}
