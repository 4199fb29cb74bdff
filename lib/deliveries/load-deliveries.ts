import 'server-only';
import { pool } from '../db';
import type { DeliveryStatus, WebhookFormat, WebhookStatus, RetryPolicy } from '../../generated/prisma/enums';

/** Everything one attempt needs, for a batch of deliveries, in one query. */
export type DeliveryWork = {
  id: string;
  status: DeliveryStatus;
  attemptCount: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  eventOrganizationId: string;
  formId: string | null;
  resourceId: string | null;
  data: Record<string, unknown>;
  eventCreatedAt: Date;
  test: boolean;
  webhookName: string;
  url: string;
  webhookStatus: WebhookStatus;
  format: WebhookFormat;
  appKey: string | null;
  apiTokenEncrypted: string | null;
  /** The custom headers as one sealed JSON object (lib/webhooks/custom-headers.ts); null when none. */
  customHeadersEncrypted: string | null;
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
  retryPolicy: RetryPolicy;
  timeoutSeconds: number;
  sharedTokenEncrypted: string | null;
};

export async function loadDeliveries(ids: string[]): Promise<Map<string, DeliveryWork>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<DeliveryWork>(
    `select d.id, d.status, d."attemptCount", d."webhookId", d."eventId", d."eventType",
            e."organizationId" as "eventOrganizationId", e."formId", e."resourceId", e.data,
            e."createdAt" as "eventCreatedAt", e.test,
            w.name as "webhookName", w.url, w.status as "webhookStatus", w.format, w."appKey",
            w."apiTokenEncrypted", w."customHeadersEncrypted", w."secretEncrypted", w."previousSecretEncrypted",
            w."previousSecretExpiresAt", w."retryPolicy", w."timeoutSeconds", o."sharedTokenEncrypted"
     from "Delivery" d
     join "Event" e on e.id = d."eventId"
     join "Webhook" w on w.id = d."webhookId"
     join "Organization" o on o.id = w."organizationId"
     where d.id = any($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
