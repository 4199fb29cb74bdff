import 'server-only';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { Scope } from '../auth/scopes';
import { canonicalEventName } from '../events/seed-event-names';
import { AppError } from '../http/app-error';
import { pool } from '../db';
import { createWebhookWithPing } from '../webhooks/create-webhook';
import type { WebhookRow } from '../webhooks/serialize-webhook';
import type { CreateKajabiHookData, KajabiHookEvent } from './kajabi-hook-schema';

// Kajabi's hooks API on top of Tidings webhooks: a hook is a `kajabi`-format webhook
// subscribed to one event, optionally filtered on one resource. "You can only create webhooks
// for events you have permission to access based on your API key scopes": the scopes of
// Kajabi's table (view:purchases, view:transactions, view:orders, view:form_submissions,
// view:contacts) or Tidings' group scopes, checked by assertEventScopes.

/** The site a request names must be the key's own organization (by id, slug or account id). */
async function assertOwnSite(organizationId: string, siteId: string | undefined): Promise<void> {
  if (siteId === undefined) return;
  const { rows } = await pool().query<{ id: string }>(
    `select id from "Organization" where id = $1 and (id = $2 or slug = $2 or "accountNumber"::text = $2)`,
    [organizationId, siteId],
  );
  if (rows.length === 0) throw new AppError('organization_not_found', `No site "${siteId}" for this API key: it names another organization`);
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

export async function createKajabiHook(input: { organizationId: string; scopes: readonly Scope[]; body: CreateKajabiHookData }) {
  const { attributes, relationships } = input.body.data;
  const canonical = canonicalEventName('kajabi', attributes.event);
  if (!canonical) throw new AppError('validation_failed', `Unknown Kajabi event "${attributes.event}"`);
  assertEventScopes(input.scopes, [canonical], `to create a ${attributes.event} hook`);
  const siteId = relationships?.site?.data.id;
  await assertOwnSite(input.organizationId, siteId);
  const { row } = await createWebhookWithPing({
    organizationId: input.organizationId,
    data: {
      url: attributes.target_url,
      events: [canonical],
      name: `Kajabi ${attributes.event}${attributes.resource_id ? ` ${attributes.resource_id}` : ''}`.slice(0, 100),
      resourceId: attributes.resource_id ?? null,
      format: 'kajabi',
    },
  });
  const { rows } = await pool().query<{ accountNumber: number }>(`select "accountNumber" from "Organization" where id = $1`, [input.organizationId]);
  return serializeKajabiHook(row, attributes.event, siteId ?? String(rows[0]?.accountNumber ?? input.organizationId));
}
