import 'server-only';
import { decryptSecret } from '../crypto/secret-box';
import { getWireFormat } from '../formats';
import { MissingDeliverySetting } from '../formats/wire-format';
import { sendWebhookRequest, type SendWebhookRequestOptions } from '../outbound/send-webhook-request';
import { openCustomHeaders } from '../webhooks/custom-headers';
import { SECRET_MASK } from '../webhooks/webhook-schema';
import type { DeliveryTrigger } from './delivery-trigger';
import type { DeliveryWork } from './load-deliveries';
import { parseRetryAfter, type RetryPolicyName } from './retry-schedule';

export type AttemptResult = {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  jobId: string;
  trigger: DeliveryTrigger;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  request: { url: string; headers: Record<string, string>; body: string };
  /** `truncated`: the body was cut at the 20 KB read cap. */
  response: { status: number; headers: Record<string, string>; body: string; truncated: boolean } | null;
  error: string | null;
  succeeded: boolean;
  retryAfterSeconds: number | null;
  gone: boolean;
  retryPolicy: RetryPolicyName;
  /** The ordering key the attempt was sent under (its lease is released with the record). */
  orderingKey?: string | null;
};

// Decrypting is cheap, but a busy worker signs the same webhook thousands of times.
const secretCache = new Map<string, string>();
function decryptCached(sealed: string): string {
  let plain = secretCache.get(sealed);
  if (plain === undefined) {
    plain = decryptSecret(sealed);
    if (secretCache.size > 10_000) secretCache.clear();
    secretCache.set(sealed, plain);
  }
  return plain;
}

const SENSITIVE_HEADER = /(auth|token|secret|key|password|cookie|session)/i;

/**
 * What is stored of the request: credentials masked, signatures kept (they reveal no
 * secret). `secretNames` (the webhook's custom headers, whatever they are called) are
 * replaced by the mask whole: not a character of their values is kept.
 */
export function maskRequestHeaders(headers: Record<string, string>, secretNames: readonly string[] = []): Record<string, string> {
  // Called for every attempt: one pass, no intermediate arrays.
  const customNames = secretNames.length > 0 ? new Set(secretNames.map((name) => name.toLowerCase())) : null;
  const masked: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (customNames?.has(name.toLowerCase())) masked[name] = SECRET_MASK;
    // No character of the secret, not even its last few: a fixed mask says only "set".
    else if (SENSITIVE_HEADER.test(name)) masked[name] = `${/^Bearer\s+/i.test(value) ? 'Bearer ' : ''}${'•'.repeat(8)}`;
    else masked[name] = value;
  }
  return masked;
}

export function signingSecrets(work: DeliveryWork, now: Date): string[] {
  const secrets = [decryptCached(work.secretEncrypted)];
  if (work.previousSecretEncrypted && work.previousSecretExpiresAt && work.previousSecretExpiresAt > now) {
    secrets.push(decryptCached(work.previousSecretEncrypted));
  }
  return secrets;
}

/** The request of one attempt in the delivery's wire format (its body fixed when the delivery was created). */
export function buildAttemptRequest(work: DeliveryWork, attempt: number, startedAt: Date) {
  return getWireFormat(work.format).buildRequest({
    deliveryId: work.id,
    event: {
      id: work.eventId,
      type: work.eventType,
      organizationId: work.eventOrganizationId,
      formId: work.formId,
      resourceId: work.resourceId,
      data: work.data,
      createdAt: work.eventCreatedAt,
      test: work.test,
      number: work.eventNumber,
      platformFormId: work.platformFormId,
      accountNumber: work.accountNumber,
      organizationSlug: work.organizationSlug,
    },
    webhook: { id: work.webhookId, name: work.webhookName, appKey: work.appKey },
    attempt,
    timestamp: Math.floor(startedAt.getTime() / 1000),
    secrets: signingSecrets(work, startedAt),
    sharedToken: work.sharedTokenEncrypted ? decryptCached(work.sharedTokenEncrypted) : null,
  });
}

/** Builds the request for this attempt in the webhook's wire format and sends it. */
export async function attemptDelivery(
  work: DeliveryWork,
  job: { id: string; trigger: DeliveryTrigger },
  options: Pick<SendWebhookRequestOptions, 'allowlist' | 'lookup'> & { now?: () => Date },
): Promise<AttemptResult> {
  const startedAt = options.now?.() ?? new Date();
  const attempt = work.attemptCount + 1;
  const base = { deliveryId: work.id, webhookId: work.webhookId, eventId: work.eventId, jobId: job.id, trigger: job.trigger, attempt, startedAt, orderingKey: work.orderingKey };
  let wire: ReturnType<typeof buildAttemptRequest>;
  try {
    wire = buildAttemptRequest(work, attempt, startedAt);
  } catch (error) {
    // Something the organization must set first (the NationBuilder shared token): a failed
    // attempt that says what is missing, retried like any other, and nothing sent.
    if (!(error instanceof MissingDeliverySetting)) throw error;
    return {
      ...base,
      durationMs: 0,
      request: { url: work.url, headers: {}, body: '' },
      response: null,
      error: error.message,
      succeeded: false,
      retryAfterSeconds: null,
      gone: false,
      retryPolicy: work.retryPolicy,
    };
  }
  const customHeaders = openCustomHeaders(work.customHeadersEncrypted, decryptCached);
  const headers: Record<string, string> = { ...customHeaders, ...wire.headers };
  if (work.apiTokenEncrypted && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    headers.authorization = `Bearer ${decryptCached(work.apiTokenEncrypted)}`;
  }

  const result = await sendWebhookRequest({
    url: work.url,
    headers,
    body: wire.body,
    timeoutMs: work.timeoutSeconds * 1000,
    allowlist: options.allowlist,
    lookup: options.lookup,
  });
  const status = result.status;
  const succeeded = status !== null && status >= 200 && status < 300;
  return {
    ...base,
    durationMs: Math.round(result.durationMs),
    // The stored copy: credentials in headers masked, and a secret the format put in the
    // body (NationBuilder token) replaced by its mask; the receiver got the real ones.
    request: { url: work.url, headers: maskRequestHeaders(headers, Object.keys(customHeaders)), body: wire.storedBody ?? wire.body },
    response: status === null ? null : { status, headers: result.headers, body: result.body, truncated: result.truncated },
    error: result.error ?? (succeeded ? null : status !== null ? `HTTP ${status}` : 'Request failed'),
    succeeded,
    retryAfterSeconds: status === 429 || status === 503 ? parseRetryAfter(result.headers['retry-after']) : null,
    gone: status === 410,
    retryPolicy: work.retryPolicy,
  };
}
