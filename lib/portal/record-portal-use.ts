import 'server-only';
import { recordAudit } from '../audit/record-audit';
import { db } from '../db';
import type { PortalAccess } from './resolve-portal-link';

/** What a portal request did: the audit log's action names for portal use. */
export type PortalAction = 'portal.view' | 'portal.delivery.view' | 'portal.delivery.resend' | 'portal.test.send';

/** The audit log's `<target>.<verb>` names for portal use. */
export const PORTAL_AUDIT_ACTIONS: Record<PortalAction, string> = {
  'portal.view': 'portal.viewed',
  'portal.delivery.view': 'portal.delivery_viewed',
  'portal.delivery.resend': 'portal.delivery_resent',
  'portal.test.send': 'portal.test_sent',
};

/** Views of a link are audited at most once per this period; each is still counted on the link. */
export const VIEW_AUDIT_PERIOD_MS = 3_600_000;

const VIEWS: readonly PortalAction[] = ['portal.view', 'portal.delivery.view'];

/**
 * Every use of a portal link passes here, after the link was accepted and before the
 * answer: it counts the use on the link (lastUsedAt, useCount, shown in the console). Actions
 * (resend, test) are each an audit row (actor: the link, action, target, client address), in
 * the same transaction as the count; views are audited at most once an hour per link, so a
 * link holder reloading a page cannot flood the audit log (the count keeps every one).
 */
export async function recordPortalUse(input: { access: PortalAccess; action: PortalAction; target: { kind: 'webhook' | 'delivery'; id: string } }): Promise<void> {
  const now = new Date();
  const isView = VIEWS.includes(input.action);
  await db.$transaction(async (tx) => {
    // Timestamps are written as UTC text: the columns hold UTC wall time without a zone.
    const [counted] = await tx.$queryRaw<{ audited: boolean }[]>`
      with before as (select "viewAuditedAt" as was from "PortalLink" where id = ${input.access.linkId} for update)
      update "PortalLink" p
      set "lastUsedAt" = ${now.toISOString()}::timestamp, "useCount" = p."useCount" + 1,
          "viewAuditedAt" = case when ${isView} and (b.was is null or b.was <= ${new Date(now.getTime() - VIEW_AUDIT_PERIOD_MS).toISOString()}::timestamp)
                                 then ${now.toISOString()}::timestamp else b.was end
      from before b where p.id = ${input.access.linkId}
      returning p."viewAuditedAt" is distinct from b.was as audited`;
    if (isView && !counted?.audited) return;
    await recordAudit(tx, {
      organizationId: input.access.organizationId,
      source: { actor: { type: 'portalLink', id: input.access.linkId }, address: input.access.clientAddress ?? null },
      action: PORTAL_AUDIT_ACTIONS[input.action],
      target: { type: input.target.kind, id: input.target.id },
    });
  });
}
