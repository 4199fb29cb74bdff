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
  eventNumber: number;
  /** The platform's id of the event's form (registered form's external id, or as sent). */
  platformFormId: string | null;
  accountNumber: number;
  organizationSlug: string;
  /** Name, format and app key as the delivery recorded them when it was created (docs/delivery-semantics.md). */
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
  /** Set when the webhook orders by key and the delivery's event carried one: sent one at a time per key. */
  orderingKey: string | null;
  /** The webhook's limit across all workers; null: none. */
  maxRequestsPerSecond: number | null;
};

export async function loadDeliveries(ids: string[]): Promise<Map<string, DeliveryWork>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<DeliveryWork>(
    // The body-shaping settings come from the delivery's own copy (rows from before that copy
  // existed fall back to the webhook's). The shared token is the webhook organization's, or
  // its parent's when it has none (a sub-organization inherits its nation's token).
  `select d.id, d.status, d."attemptCount", d."webhookId", d."eventId", d."eventType",
            e."organizationId" as "eventOrganizationId", e."formId", e."resourceId", e.data,
            e."createdAt" as "eventCreatedAt", e.test, e.number::float8 as "eventNumber",
            coalesce(f."externalId", case when e."formId" like 'form\\_%' then null else e."formId" end) as "platformFormId",
            eo."accountNumber", eo.slug as "organizationSlug",
            coalesce(d."webhookName", w.name) as "webhookName", w.url, w.status as "webhookStatus",
            coalesce(d.format, w.format) as format,
            case when d.format is null then w."appKey" else d."appKey" end as "appKey",
            w."apiTokenEncrypted", w."customHeadersEncrypted", w."secretEncrypted", w."previousSecretEncrypted",
            w."previousSecretExpiresAt", w."retryPolicy", w."timeoutSeconds",
            coalesce(o."sharedTokenEncrypted", po."sharedTokenEncrypted") as "sharedTokenEncrypted",
            od."orderingKey", w."maxRequestsPerSecond"
     from "Delivery" d
     join "Event" e on e.id = d."eventId"
     join "Organization" eo on eo.id = e."organizationId"
     left join "Form" f on f.id = e."formId"
     join "Webhook" w on w.id = d."webhookId"
     join "Organization" o on o.id = w."organizationId"
     left join "Organization" po on po.id = o."parentId"
     left join "OrderedDelivery" od on w.ordering = 'key' and od."deliveryId" = d.id
     where d.id = any($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
