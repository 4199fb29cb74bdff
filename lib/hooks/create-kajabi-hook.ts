import 'server-only';
import type { AuditSource } from '../audit/record-audit';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { Scope } from '../auth/scopes';
import { canonicalEventName } from '../events/seed-event-names';
import { AppError } from '../errors';
import { pool } from '../db';
import { createWebhookWithPing } from '../webhooks/create-webhook';
import type { WebhookRow } from '../webhooks/serialize-webhook';
import type { CreateKajabiHookData, KajabiHookEvent } from './kajabi-hook-schema';

// Kajabi's hooks API on top of Tidings webhooks: a hook is a `kajabi`-format webhook
// subscribed to one event, optionally filtered on one resource. "You can only create webhooks
// for events you have permission to access based on your API key scopes": the scopes of
// Kajabi's table (view:purchases, view:transactions, view:orders, view:form_submissions,
// view:contacts) or Tidings' group scopes, checked by assertEventScopes.

/**
 * The organization the hook is for: the key's own when the request names no site or names
 * the key's own; else a sub-organization of it that the site names (by id, slug or account
 * id). Anything else is 404, as another tenant's id is everywhere.
 */
async function resolveSite(organizationId: string, siteId: string | undefined): Promise<string> {
  if (siteId === undefined) return organizationId;
  const { rows } = await pool().query<{ id: string }>(
    `with recursive tree as (
       select id, 0 as depth from "Organization" where id = $1
       union all
       select o.id, tree.depth + 1 from "Organization" o join tree on o."parentId" = tree.id where tree.depth < 32
     )
     select o.id from tree join "Organization" o on o.id = tree.id
     where o.id = $2 or o.slug = $2 or o."accountNumber"::text = $2
     order by tree.depth limit 1`,
    [organizationId, siteId],
  );
  if (rows.length === 0) throw new AppError('organization_not_found', `No site "${siteId}" for this API key`);
  return rows[0].id;
}

export function serializeKajabiHook(webhook: WebhookRow, event: KajabiHookEvent, siteId: string) {
  return {
    data: {
      id: webhook.id,
      type: 'hooks',
      attributes: {
        target_url: webhook.url,
        event,
        resource_id: webhook.resourceId,
        created_at: webhook.createdAt.toISOString(),
      },
      relationships: { site: { data: { id: siteId, type: 'sites' } } },
    },
  };
}

export async function createKajabiHook(input: { organizationId: string; scopes: readonly Scope[]; body: CreateKajabiHookData; audit?: AuditSource }) {
  const { attributes, relationships } = input.body.data;
  const canonical = canonicalEventName('kajabi', attributes.event);
  if (!canonical) throw new AppError('validation_failed', `Unknown Kajabi event "${attributes.event}"`);
  assertEventScopes(input.scopes, [canonical], `to create a ${attributes.event} hook`);
  const siteId = relationships?.site?.data.id;
  const organizationId = await resolveSite(input.organizationId, siteId);
  const { row } = await createWebhookWithPing({
    organizationId,
    data: {
      url: attributes.target_url,
      events: [canonical],
      name: `Kajabi ${attributes.event}${attributes.resource_id ? ` ${attributes.resource_id}` : ''}`.slice(0, 100),
      resourceId: attributes.resource_id ?? null,
      format: 'kajabi',
    },
    audit: input.audit,
    // Kajabi hooks send only Kajabi's format (no shared token): the scopes are what is recorded.
    authority: { scopes: input.scopes, writableOrganizationIds: [] },
  });
  const { rows } = await pool().query<{ accountNumber: number }>(`select "accountNumber" from "Organization" where id = $1`, [organizationId]);
  return serializeKajabiHook(row, attributes.event, siteId ?? String(rows[0]?.accountNumber ?? organizationId));
}
