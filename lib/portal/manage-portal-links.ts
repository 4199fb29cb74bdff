import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { assertEventScopes } from '../auth/assert-event-scopes';
import { EVENT_SCOPES, type Scope } from '../auth/scopes';
import { db } from '../db';
import { AppError } from '../errors';
import { createId } from '../ids';
import { findWebhookRow } from '../webhooks/get-webhook';
import type { z } from 'zod';
import type { ZCreatePortalLink } from './portal-link-schema';
import { createPortalToken, hashPortalToken } from './portal-link-token';

const unix = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

const LINK_SELECT = { id: true, webhookId: true, allowResend: true, expiresAt: true, createdBy: true, createdAt: true, revokedAt: true, lastUsedAt: true, useCount: true } as const;

type LinkRow = { id: string; webhookId: string; allowResend: boolean; expiresAt: Date; createdBy: string; createdAt: Date; revokedAt: Date | null; lastUsedAt: Date | null; useCount: number };

function serializePortalLink(row: LinkRow, now = new Date()) {
  return {
    id: row.id,
    webhookId: row.webhookId,
    allowResend: row.allowResend,
    status: row.revokedAt ? ('revoked' as const) : row.expiresAt <= now ? ('expired' as const) : ('active' as const),
    createdBy: row.createdBy,
    createdAt: unix(row.createdAt),
    expiresAt: unix(row.expiresAt),
    revokedAt: unix(row.revokedAt),
    lastUsedAt: unix(row.lastUsedAt),
    useCount: row.useCount,
  };
}

export type PortalLinkResource = ReturnType<typeof serializePortalLink>;

/**
 * A portal link shows the webhook's deliveries (their payloads) to whoever holds it, so
 * making one needs what reading them needs: the event scopes of the webhook's
 * subscription, and, for a link that may resend, deliveries:write as well. The link keeps
 * the maker's event scopes and shows only deliveries of types they cover, whatever the
 * webhook's history holds; it ends when the maker's key is revoked or the maker leaves.
 */
export async function createPortalLink(input: {
  organizationId: string;
  webhookId: string;
  data: z.output<typeof ZCreatePortalLink>;
  scopes: readonly Scope[];
  createdBy: string;
  /** Where the portal is served: NEXTAUTH_URL, or the request's own origin. */
  origin: string;
  audit?: AuditSource;
}) {
  const webhook = await findWebhookRow(input);
  assertEventScopes(input.scopes, webhook.events, "to share this webhook's deliveries");
  if (input.data.allowResend && !input.scopes.includes('deliveries:write')) {
    throw new AppError('insufficient_scope', 'This API key lacks the "deliveries:write" scope needed for a link that may resend', { missingScopes: ['deliveries:write'] });
  }
  const token = createPortalToken();
  const row = await db.$transaction(async (tx) => {
   const created = await tx.portalLink.create({
    data: {
      id: createId('plk'),
      organizationId: input.organizationId,
      webhookId: webhook.id,
      tokenHash: hashPortalToken(token),
      allowResend: input.data.allowResend,
      expiresAt: new Date(Date.now() + input.data.expiresInHours * 3_600_000),
      createdBy: input.createdBy,
      // The link reads with its maker's event scopes, never more (lib/portal/resolve-portal-link.ts).
      scopes: EVENT_SCOPES.filter((scope) => input.scopes.includes(scope)),
    },
    select: LINK_SELECT,
   });
   if (input.audit) {
     await recordAudit(tx, { organizationId: input.organizationId, source: input.audit, action: 'portal_link.created', target: { type: 'portal_link', id: created.id }, changes: { webhookId: webhook.id, allowResend: input.data.allowResend, expiresAt: created.expiresAt } });
   }
   return created;
  });
  return { ...serializePortalLink(row), url: `${input.origin.replace(/\/$/, '')}/portal/${token}` };
}

export async function listPortalLinks(input: { organizationId: string; webhookId: string }) {
  const webhook = await findWebhookRow(input);
  const rows = await db.portalLink.findMany({ where: { webhookId: webhook.id, organizationId: input.organizationId }, orderBy: { id: 'desc' }, take: 100, select: LINK_SELECT });
  const now = new Date();
  return { data: rows.map((row) => serializePortalLink(row, now)), nextCursor: null };
}

/** Revoking is immediate: the next request with the link's token is refused. Revoking twice is fine. */
export async function revokePortalLink(input: { organizationId: string; webhookId: string; linkId: string; audit?: AuditSource }) {
  const webhook = await findWebhookRow(input);
  const row = await db.portalLink.findFirst({ where: { id: input.linkId, webhookId: webhook.id, organizationId: input.organizationId }, select: { id: true, revokedAt: true } });
  if (!row) throw new AppError('portal_link_not_found', `No portal link "${input.linkId}"`);
  if (row.revokedAt) return;
  await db.$transaction(async (tx) => {
    await tx.portalLink.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    if (input.audit) {
      await recordAudit(tx, { organizationId: input.organizationId, source: input.audit, action: 'portal_link.revoked', target: { type: 'portal_link', id: row.id }, changes: { webhookId: webhook.id } });
    }
  });
}
