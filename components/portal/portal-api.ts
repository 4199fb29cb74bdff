'use client';

import { requestJson, type Page, type RequestInitJson } from '@/lib/api-client';
import { toQuery, type DeliveryApi, type DeliveryDetail, type DeliveryFeedFilters, type DeliveryListItem } from '@/components/deliveries/api';
import type { PortalSession } from '@/lib/portal/portal-session';

export type { PortalSession };

/** The portal's own API (/api/portal/<token>/…): the token in the path is its only credential, no cookie goes along. */
export function portalFetch<T>(token: string, path: string, init: RequestInitJson = {}): Promise<T> {
  return requestJson<T>(`/api/portal/${encodeURIComponent(token)}${path}`, init, 'omit');
}

/** The delivery views' data source, through the portal's API: one webhook, nothing else. */
export function portalDeliveryApi(token: string): DeliveryApi {
  const deliveryPath = (id: string) => `/deliveries/${encodeURIComponent(id)}`;
  return {
    list: (_scope: 'all' | 'webhook', filters: DeliveryFeedFilters, cursor?: string) => {
      const { webhookId: _ignored, formId: _noForms, ...rest } = filters;
      return portalFetch<Page<DeliveryListItem>>(token, `/deliveries${toQuery({ ...rest, cursor, limit: '25' })}`);
    },
    get: (id: string) => portalFetch<DeliveryDetail>(token, deliveryPath(id)),
    resend: (id: string) => portalFetch<{ deliveryId: string; status: 'PENDING' }>(token, `${deliveryPath(id)}/resend`, { method: 'POST' }),
    replay: () => Promise.reject(new Error('Replay is not offered in the portal')),
    sendTest: (_webhookId: string, event: string) => portalFetch<{ deliveryId: string; eventId: string }>(token, '/test', { method: 'POST', body: { event } }),
    sample: (type: string) => portalFetch<{ type: string; data: unknown }>(token, `/event-types/${encodeURIComponent(type)}/sample`),
  };
}
