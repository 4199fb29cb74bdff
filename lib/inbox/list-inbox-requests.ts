import 'server-only';
import { missingEventScopes } from '../auth/event-scopes';
import { EVENT_SCOPES, type Scope } from '../auth/scopes';
import { decryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { maskRequestHeaders } from '../deliveries/attempt-delivery';
import { maskBodySecrets } from '../formats/mask-body-secrets';
import { decodeCursor, pageOf } from '../http/cursor';
import { findInboxRow } from './find-inbox';
import type { ListInboxRequestsQuery } from './inbox-schema';
import { claimedDelivery, signedBy, type SignatureScheme } from './verify-received-request';

// Pages are re-read every few seconds by the console; a huge body is shown cut.
const MAX_BODY_SHOWN = 64 * 1024;

export type InboxSignature =
  | {
      status: 'valid' | 'invalid';
      scheme: SignatureScheme;
      deliveryId: string;
      webhookId: string;
      webhookName: string;
      eventType: string;
      test: boolean;
      /** Which secret signed it: a request from before a rotation verifies with the previous one. */
      secret: 'current' | 'previous' | null;
      reason: string | null;
    }
  | { status: 'not_tidings'; reason: string };

type ClaimedWebhook = {
  id: string;
  name: string;
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
};

type Secrets = { current: string | null; previous: string | null };

function readSecrets(webhook: ClaimedWebhook, now: Date): Secrets {
  const open = (sealed: string | null) => {
    if (!sealed) return null;
    try {
      return decryptSecret(sealed);
    } catch {
      return null;
    }
  };
  const previousValid = webhook.previousSecretExpiresAt !== null && webhook.previousSecretExpiresAt > now;
  return { current: open(webhook.secretEncrypted), previous: previousValid ? open(webhook.previousSecretEncrypted) : null };
}

/** Why a request's body is not shown to this caller, and what would show it. */
export type InboxWithheld = { reason: string; missingScopes: string[] };

/**
 * Reading an inbox reads the deliveries it received (docs/security-model.md#one-rule): a
 * request is shown whole only when the caller may read its delivery's event type. One that is
 * not a delivery of this organization could carry anything, so it is shown whole only to a
 * caller holding every event scope. Withheld, the body is empty and the headers are kept
 * (their credentials masked, as always).
 */
function withheldFor(scopes: readonly Scope[], eventType: string | null): InboxWithheld | null {
  if (eventType === null) {
    const missing = EVENT_SCOPES.filter((scope) => !scopes.includes(scope));
    // Kajabi's names are alternatives to the group scopes: holding every group scope is enough.
    const groupMissing = missing.filter((scope) => ['view:transactions', 'view:contacts', 'view:forms'].includes(scope));
    return groupMissing.length === 0 ? null : { reason: 'Not a delivery of this organization: shown only to callers who may read every event type', missingScopes: groupMissing };
  }
  const missing = missingEventScopes(scopes, [eventType]);
  return missing.length === 0 ? null : { reason: `A ${eventType} delivery: its body needs the scopes named`, missingScopes: missing };
}

/**
 * What an inbox received, newest first, each with whether its signature verifies
 * against the secret of the webhook that delivered it. Secrets are decrypted here to
 * verify and never leave the server. Bodies of deliveries the caller's event scopes do not
 * cover are withheld; values of the organization's custom headers are masked.
 */
export async function listInboxRequests(input: { organizationId: string; inboxId: string; query: ListInboxRequestsQuery; scopes: readonly Scope[]; now?: Date }) {
  const inbox = await findInboxRow(input);
  // Custom header values are secrets wherever they are shown, as in the attempt log.
  const customHeaderNames = (
    await db.webhook.findMany({ where: { organizationId: input.organizationId, NOT: { customHeaderNames: { isEmpty: true } } }, select: { customHeaderNames: true } })
  ).flatMap((webhook) => webhook.customHeaderNames);
  const now = input.now ?? new Date();
  const after = decodeCursor(input.query.cursor);
  const rows = await db.inboxRequest.findMany({
    where: { inboxId: inbox.id },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    take: input.query.limit + 1,
    select: { id: true, receivedAt: true, method: true, headers: true, body: true },
  });
  const { rows: page, nextCursor } = pageOf(rows, input.query.limit);

  const requests = page.map((row) => ({ ...row, headers: (row.headers ?? {}) as Record<string, string> }));
  const claims = requests.map((request) => claimedDelivery(request.headers));
  const deliveryIds = [...new Set(claims.flatMap((claim) => (claim ? [claim.deliveryId] : [])))];
  // The delivery must belong to the inbox's organization: another tenant's webhook is never looked at.
  const deliveries = deliveryIds.length
    ? await db.delivery.findMany({
        where: { id: { in: deliveryIds }, organizationId: input.organizationId },
        select: {
          id: true,
          eventType: true,
          test: true,
          webhook: {
            select: { id: true, name: true, secretEncrypted: true, previousSecretEncrypted: true, previousSecretExpiresAt: true },
          },
        },
      })
    : [];
  const deliveryById = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  const secretsByWebhook = new Map<string, Secrets>();

  const data = requests.map((request, index) => {
    const claim = claims[index];
    const delivery = claim ? deliveryById.get(claim.deliveryId) : undefined;
    let signature: InboxSignature;
    if (!claim || !delivery) {
      signature = {
        status: 'not_tidings',
        reason: claim
          ? `No delivery ${claim.deliveryId} was sent by this organization`
          : 'No webhook-id (or other Tidings delivery) header',
      };
    } else {
      let secrets = secretsByWebhook.get(delivery.webhook.id);
      if (!secrets) {
        secrets = readSecrets(delivery.webhook, now);
        secretsByWebhook.set(delivery.webhook.id, secrets);
      }
      const check = (secret: string | null) =>
        secret !== null && signedBy({ scheme: claim.scheme, secret, headers: request.headers, body: request.body, receivedAt: request.receivedAt });
      const matched = check(secrets.current) ? 'current' : check(secrets.previous) ? 'previous' : null;
      signature = {
        status: matched ? 'valid' : 'invalid',
        scheme: claim.scheme,
        deliveryId: delivery.id,
        webhookId: delivery.webhook.id,
        webhookName: delivery.webhook.name,
        eventType: delivery.eventType,
        test: delivery.test,
        secret: matched,
        reason: matched
          ? null
          : secrets.current === null
            ? "The webhook's secret could not be read"
            : "No signature matches the webhook's secret (or it was signed with a secret rotated out since)",
      };
    }
    const withheld = withheldFor(input.scopes, delivery?.eventType ?? null);
    // A shared secret in the body (NationBuilder token) is shown as a mask, like in the attempt log.
    const shownBody = withheld ? '' : maskBodySecrets(request.body);
    const truncated = shownBody.length > MAX_BODY_SHOWN;
    return {
      id: request.id,
      receivedAt: Math.floor(request.receivedAt.getTime() / 1000),
      receivedAtMs: request.receivedAt.getTime(),
      method: request.method,
      headers: maskRequestHeaders(request.headers, customHeaderNames),
      body: truncated ? shownBody.slice(0, MAX_BODY_SHOWN) : shownBody,
      bodyTruncated: truncated,
      bodyBytes: Buffer.byteLength(request.body),
      signature,
      ...(withheld && { withheld }),
    };
  });
  return { data, nextCursor };
}

export type InboxRequestResource = Awaited<ReturnType<typeof listInboxRequests>>['data'][number];
