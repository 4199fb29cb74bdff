import 'server-only';
import type pg from 'pg';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { withTransaction } from '../db-transaction';
import { emitEvent } from '../events/emit';
import { env } from '../env';
import { AppError } from '../errors';
import { createId } from '../ids';
import { assertLiteralUrlAllowed, parseCidrList } from '../outbound/ssrf-guard';
import { generateWebhookSecret } from '../signing/standard-webhooks';
import type { FlowAuthority } from '../auth/flow-authority';
import { assertMaySendSharedToken, assertSharedTokenForFormat } from '../organizations/assert-shared-token';
import { defaultWebhookFormatOf } from '../organizations/set-default-webhook-format';
import { sealCustomHeaders } from './custom-headers';
import { pingData } from './send-test-event';
import { serializeWebhook, WEBHOOK_SELECT, type WebhookRow } from './serialize-webhook';
import { recordedFlowScopes } from './webhook-authority';
import { webhookAuditFields } from './webhook-audit-fields';
import { defaultPingOnCreate, type CreateWebhookData, type UpdateWebhookData } from './webhook-schema';

export const SECRET_WARNING = 'Store this secret now: it will not be shown again.';

/** Server-side URL rules the shared schema cannot know: the http switch and blocked addresses. */
export function assertWebhookUrlAllowed(url: string): void {
  const config = env();
  if (new URL(url).protocol === 'http:' && !config.allowHttp) {
    throw new AppError('validation_failed', 'The URL must use https', {
      issues: [{ path: 'url', message: 'The URL must start with https:// (http is allowed only in development)' }],
    });
  }
  try {
    assertLiteralUrlAllowed(url, parseCidrList(config.allowedNetworks.join(',')));
  } catch {
    throw new AppError('validation_failed', 'The URL is not allowed', {
      issues: [{ path: 'url', message: 'This address cannot receive webhooks (private, loopback or reserved)' }],
    });
  }
}

/** Form ids must name forms of this organization; anything else is a 400, not a silent no-op. */
export async function assertFormsExist(organizationId: string, formIds: string[]): Promise<void> {
  if (formIds.length === 0) return;
  const found = await db.form.findMany({ where: { organizationId, id: { in: formIds } }, select: { id: true } });
  const known = new Set(found.map((form) => form.id));
  const issues = formIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .map(({ id, index }) => ({ path: `formIds.${index}`, message: `No form "${id}" in this organization` }));
  if (issues.length > 0) throw new AppError('validation_failed', 'Unknown forms', { issues });
}

export function defaultWebhookName(url: string): string {
  return new URL(url).host.slice(0, 100);
}

export function normalizeOptional(value: string | null | undefined): string | null {
  return value && value.length > 0 ? value : null;
}

/** Inserts the webhook in the caller's transaction and returns it as `WEBHOOK_SELECT` reads it. */
async function insertWebhook(client: pg.PoolClient, input: { organizationId: string; data: CreateWebhookData; secret: string; authority?: FlowAuthority }): Promise<WebhookRow> {
  const { data, organizationId, secret } = input;
  const flowScopes = input.authority ? recordedFlowScopes(input.authority.scopes) : null;
  const apiToken = normalizeOptional(data.apiToken);
  const format = data.format ?? 'standard';
  // Timestamps are written as UTC text: the columns hold UTC wall time without a zone.
  const now = new Date();
  const row: Record<string, unknown> = {
    id: createId('wh'),
    organizationId,
    name: data.name ?? defaultWebhookName(data.url),
    url: data.url,
    description: normalizeOptional(data.description),
    status: data.status ?? 'ACTIVE',
    events: data.events,
    allForms: data.allForms ?? true,
    formIds: data.allForms === false ? (data.formIds ?? []) : [],
    resourceId: normalizeOptional(data.resourceId),
    includeSubOrganizations: data.includeSubOrganizations ?? false,
    format,
    appKey: normalizeOptional(data.appKey),
    apiTokenEncrypted: apiToken ? encryptSecret(apiToken) : null,
    ...sealCustomHeaders(data.customHeaders ?? {}),
    secretEncrypted: encryptSecret(secret),
    retryPolicy: data.retryPolicy ?? 'fixed',
    timeoutSeconds: data.timeoutSeconds ?? 15,
    pingOnCreate: data.pingOnCreate ?? defaultPingOnCreate(format),
    ordering: data.ordering ?? 'none',
    maxRequestsPerSecond: data.maxRequestsPerSecond ?? null,
    flowScopes: flowScopes === null ? null : JSON.stringify(flowScopes),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const columns = Object.keys(row);
  const quote = (name: string) => `"${name}"`;
  const { rows } = await client.query<WebhookRow>(
    `insert into "Webhook" (${columns.map(quote).join(', ')})
     values (${columns.map((_, index) => `$${index + 1}`).join(', ')})
     returning ${Object.keys(WEBHOOK_SELECT).map(quote).join(', ')}`,
    Object.values(row),
  );
  return { ...rows[0], createdAt: now, updatedAt: now };
}

/**
 * Refuses one more webhook than `maxWebhooks` in the organization (409 limit_reached). The
 * count runs under a per-organization transaction lock, so concurrent creates cannot pass
 * the cap together.
 */
async function assertBelowWebhookCap(client: pg.PoolClient, organizationId: string, maxWebhooks: number): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`webhooks:${organizationId}`]);
  const { rows } = await client.query<{ count: number }>('select count(*)::int as count from "Webhook" where "organizationId" = $1', [organizationId]);
  const count = rows[0].count;
  if (count >= maxWebhooks) {
    throw new AppError(
      'limit_reached',
      `This organization has ${count} webhooks, the most allowed (TIDINGS_MAX_WEBHOOKS_PER_ORG = ${maxWebhooks}); delete one before creating another`,
    );
  }
}

type CreateWebhookOptions = {
  organizationId: string;
  data: CreateWebhookData;
  /** The API passes TIDINGS_MAX_WEBHOOKS_PER_ORG; operator tools (seed, bench) pass none. */
  maxWebhooks?: number;
  /** Who asks (lib/audit/): the change is audited in its own transaction. Operator tools (seed, bench) pass none. */
  audit?: AuditSource;
  /** The audit action: webhook.created, or kajabi_hook.created for POST /hooks. */
  auditAction?: string;
  /** The caller's authority, recorded on the webhook (docs/security-model.md#one-rule). Operator tools pass none. */
  authority?: FlowAuthority;
};

async function createWebhookRow(options: CreateWebhookOptions, withPing: boolean) {
  // A request that names no format gets the organization's default (Settings): a client
  // registering as CharityStack's document shows sends none.
  const input = { ...options, data: { ...options.data, format: options.data.format ?? (await defaultWebhookFormatOf(options.organizationId)) } };
  assertWebhookUrlAllowed(input.data.url);
  await assertFormsExist(input.organizationId, input.data.formIds ?? []);
  await assertSharedTokenForFormat(input.organizationId, input.data.format);
  await assertMaySendSharedToken({ organizationId: input.organizationId, format: input.data.format, authority: input.authority });
  const secret = generateWebhookSecret();
  const webhook = await withTransaction(async (client) => {
    if (input.maxWebhooks !== undefined) await assertBelowWebhookCap(client, input.organizationId, input.maxWebhooks);
    const row = await insertWebhook(client, { organizationId: input.organizationId, data: input.data, secret, authority: input.authority });
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: input.auditAction ?? 'webhook.created',
        target: { type: 'webhook', id: row.id },
        changes: { ...webhookAuditFields(row), secret: 'set' },
      });
    }
    if (withPing && row.pingOnCreate) {
      await emitEvent({ organizationId: input.organizationId, type: 'ping', data: pingData(row), onlyWebhookId: row.id }, client);
    }
    return row;
  });
  return { webhook: { ...serializeWebhook(webhook), secret, warning: SECRET_WARNING }, row: webhook };
}

/** A webhook, without a ping (the demo data, tests and the bench create them this way). */
export async function createWebhook(input: CreateWebhookOptions) {
  return createWebhookRow(input, false);
}

/**
 * POST /webhooks: the webhook and, when `pingOnCreate` (default for the formats whose document
 * defines a ping: standard, sitestacker), its ping, in ONE transaction: both exist or neither.
 */
export async function createWebhookWithPing(input: { organizationId: string; data: CreateWebhookData; audit?: AuditSource; authority?: FlowAuthority }) {
  return createWebhookRow({ ...input, maxWebhooks: env().TIDINGS_MAX_WEBHOOKS_PER_ORG }, true);
}

export type { UpdateWebhookData };
