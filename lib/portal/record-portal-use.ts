import 'server-only';
import { recordAudit } from '../audit/record-audit';
import { db } from '../db';
import type { PortalAccess } from './resolve-portal-link';

/** What a portal request did: the audit log's action names for portal use. */
export type PortalAction = 'portal.view' | 'portal.delivery.view' | 'portal.delivery.resend' | 'portal.test.send';

/** The audit log's `<target>.<verb>` names for portal use. */
const AUDIT_ACTIONS: Record<PortalAction, string> = {
  'portal.view': 'portal.viewed',
  'portal.delivery.view': 'portal.delivery_viewed',
  'portal.delivery.resend': 'portal.delivery_resent',
  'portal.test.send': 'portal.test_sent',
};

/**
 * Every use of a portal link passes here, after the link was accepted and before the
 * answer: it counts the use on the link (lastUsedAt, useCount, shown in the console).
 * It is also the one place that knows who used which link for what, from where: each use
 * is an audit row (actor: the link, action, target, client address), in the same
 * transaction as the count.
 */
export async function recordPortalUse(input: { access: PortalAccess; action: PortalAction; target: { kind: 'webhook' | 'delivery'; id: string } }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.portalLink.update({
      where: { id: input.access.linkId },
      data: { lastUsedAt: new Date(), useCount: { increment: 1 } },
    });
    await recordAudit(tx, {
      organizationId: input.access.organizationId,
      source: { actor: { type: 'portalLink', id: input.access.linkId }, address: input.access.clientAddress ?? null },
      action: AUDIT_ACTIONS[input.action],
      target: { type: input.target.kind, id: input.target.id },
    });
  });
}
