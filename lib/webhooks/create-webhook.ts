import 'server-only';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../http/app-error';
import { createId } from '../ids';
import { assertLiteralUrlAllowed, parseCidrList } from '../outbound/ssrf-guard';
import { generateWebhookSecret } from '../signing/standard-webhooks';
import { sealCustomHeaders } from './custom-headers';
import { sendPing } from './send-test-event';
import { serializeWebhook, WEBHOOK_SELECT } from './serialize-webhook';
import type { CreateWebhookData, UpdateWebhookData } from './webhook-schema';

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

/**
 * Creates a webhook. `maxWebhooks` (the API passes TIDINGS_MAX_WEBHOOKS_PER_ORG) refuses
 * one more than that many in the organization (409 limit_reached); the count and the
 * insert share a transaction holding a per-organization lock, so concurrent creates
 * cannot pass the cap together. Operator tools (seed, bench) pass none.
 */
export async function createWebhook(input: { organizationId: string; data: CreateWebhookData; maxWebhooks?: number }) {
  const { data, organizationId } = input;
  assertWebhookUrlAllowed(data.url);
  await assertFormsExist(organizationId, data.formIds ?? []);
  const secret = generateWebhookSecret();
  const apiToken = normalizeOptional(data.apiToken);
  if (input.maxWebhooks === undefined) return insertWebhook(db, { organizationId, data, secret, apiToken });
  const maxWebhooks = input.maxWebhooks;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`webhooks:${organizationId}`}, 0))`;
    const count = await tx.webhook.count({ where: { organizationId } });
    if (count >= maxWebhooks) {
      throw new AppError(
        'limit_reached',
        `This organization has ${count} webhooks, the most allowed (TIDINGS_MAX_WEBHOOKS_PER_ORG = ${maxWebhooks}); delete one before creating another`,
      );
    }
    return insertWebhook(tx, { organizationId, data, secret, apiToken });
  });
}

async function insertWebhook(
  client: Pick<typeof db, 'webhook'>,
  input: { organizationId: string; data: CreateWebhookData; secret: string; apiToken: string | null },
) {
  const { data, organizationId, secret, apiToken } = input;
  const webhook = await client.webhook.create({
    data: {
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
      format: data.format ?? 'standard',
      appKey: normalizeOptional(data.appKey),
      apiTokenEncrypted: apiToken ? encryptSecret(apiToken) : null,
      ...sealCustomHeaders(data.customHeaders ?? {}),
      secretEncrypted: encryptSecret(secret),
      retryPolicy: data.retryPolicy ?? 'fixed',
      timeoutSeconds: data.timeoutSeconds ?? 15,
    },
    select: WEBHOOK_SELECT,
  });
  return { webhook: { ...serializeWebhook(webhook), secret, warning: SECRET_WARNING }, row: webhook };
}

/**
 * POST /webhooks: the webhook and its ping (Site Stacker, GitHub). The ping is queued in a
 * transaction of its own; should that fail (the queue unavailable), the webhook is taken
 * back, so a failed request leaves no webhook behind that the caller never heard of.
 */
export async function createWebhookWithPing(input: { organizationId: string; data: CreateWebhookData }) {
  const created = await createWebhook({ ...input, maxWebhooks: env().TIDINGS_MAX_WEBHOOKS_PER_ORG });
  try {
    await sendPing({ organizationId: input.organizationId, webhook: created.row });
  } catch (error) {
    await db.webhook.deleteMany({ where: { id: created.row.id, organizationId: input.organizationId } }).catch(() => undefined);
    throw error;
  }
  return created;
}

export type { UpdateWebhookData };
