'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ConsoleContext } from '@/components/console/console-context';
import { ApiError, apiFetch, type Page } from '@/lib/api-client';
import type { DeliveryDetail } from '@/lib/deliveries/get-delivery';
import type { DeliveryListItem } from '@/lib/deliveries/list-deliveries';
import type { ReplayDeliveriesInput } from '@/lib/deliveries/replay-schema';
import type { AttemptResource } from '@/lib/deliveries/serialize-delivery';

export type { AttemptResource, DeliveryDetail, DeliveryListItem };

export type DeliveryStatus = DeliveryListItem['status'];

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'HELD'];

/** What the lists can be narrowed by; `webhookId` scopes the list to one webhook's route. */
export type DeliveryFeedFilters = {
  status?: string;
  event?: string;
  webhookId?: string;
  q?: string;
  formId?: string;
  resourceId?: string;
  since?: string;
  until?: string;
};

/** The root every delivery query sits under. */
export const deliveryKeys = { all: ['deliveries'] as const };

// Under the shared `deliveries` root, so anything that invalidates deliveryKeys.all
// (a webhook deleted, say) refreshes these too.
export const deliveryFeedKeys = {
  all: deliveryKeys.all,
  lists: () => [...deliveryKeys.all, 'feed'] as const,
  list: (scope: 'all' | 'webhook', filters: DeliveryFeedFilters) => [...deliveryFeedKeys.lists(), scope, filters] as const,
  detail: (id: string) => [...deliveryKeys.all, 'full', id] as const,
  sample: (type: string) => ['event-types', 'sample', type] as const,
};

const PAGE_SIZE = '25';

export function toQuery(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

const deliveryPath = (id: string) => `/deliveries/${encodeURIComponent(id)}`;
const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export const deliveryFeedApi = {
  /** One webhook's list goes through its own route, which answers 404 for a webhook that is gone. */
  list: (scope: 'all' | 'webhook', filters: DeliveryFeedFilters, cursor?: string) => {
    const { webhookId, ...rest } = filters;
    return scope === 'webhook' && webhookId
      ? apiFetch<Page<DeliveryListItem>>(`${webhookPath(webhookId)}/deliveries${toQuery({ ...rest, cursor, limit: PAGE_SIZE })}`)
      : apiFetch<Page<DeliveryListItem>>(`/deliveries${toQuery({ ...filters, cursor, limit: PAGE_SIZE })}`);
  },
  get: (id: string) => apiFetch<DeliveryDetail>(deliveryPath(id)),
  resend: (id: string) => apiFetch<{ deliveryId: string; status: 'PENDING' }>(`${deliveryPath(id)}/resend`, { method: 'POST' }),
  replay: (webhookId: string, body: ReplayDeliveriesInput) =>
    apiFetch<{ count: number }>(`${webhookPath(webhookId)}/replay`, { method: 'POST', body }),
  sendTest: (webhookId: string, event: string) =>
    apiFetch<{ deliveryId: string; eventId: string }>(`${webhookPath(webhookId)}/test`, { method: 'POST', body: { event } }),
  sample: (type: string) => apiFetch<{ type: string; data: unknown }>(`/event-types/${encodeURIComponent(type)}/sample`),
};

export type DeliveryApi = typeof deliveryFeedApi;

export const isInFlight = (status: string) => status === 'PENDING' || status === 'RETRYING';

/** How often an unfinished delivery is polled: the worker usually settles one within a second. */
const LIVE_INTERVAL_MS = 1_500;
const IDLE_INTERVAL_MS = 10_000;

export function useDeliveryFeed(scope: 'all' | 'webhook', filters: DeliveryFeedFilters) {
  const { api, cacheKey } = useDeliverySource();
  return useInfiniteQuery({
    queryKey: [...deliveryFeedKeys.list(scope, filters), cacheKey],
    queryFn: ({ pageParam }) => api.list(scope, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Fast while something shown is still on its way; slowly otherwise, so new deliveries appear by themselves.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some((delivery) => isInFlight(delivery.status))) ? LIVE_INTERVAL_MS : IDLE_INTERVAL_MS,
    retry: (failures, error) => !(error instanceof ApiError && error.status === 404) && failures < 2,
  });
}

/** How long a detail keeps polling for a resend's attempt that has not shown up. */
const AWAIT_RESEND_MS = 120_000;

/** A resend asked for at `at`, when the delivery had `attemptCount` attempts. */
export type AwaitedResend = { attemptCount: number; at: number };

/** Whether the resend's own attempt (triggered as a resend, numbered after the click) is still to come. */
export function isAwaitingResend(delivery: Pick<DeliveryDetail, 'attempts'>, awaited: AwaitedResend | null, now = Date.now()): boolean {
  if (!awaited || now - awaited.at > AWAIT_RESEND_MS) return false;
  return !delivery.attempts.some((attempt) => attempt.trigger === 'resend' && attempt.attempt > awaited.attemptCount);
}

/**
 * One delivery, polled while it is in flight and, after a resend, until the resend's own
 * attempt is there: an automatic retry can settle the delivery first, and the resend's
 * attempt still follows.
 */
export function useDelivery(id: string | null, awaited: AwaitedResend | null = null) {
  const { api, cacheKey } = useDeliverySource();
  return useQuery({
    queryKey: [...deliveryFeedKeys.detail(id ?? ''), cacheKey],
    queryFn: () => api.get(id ?? ''),
    enabled: id !== null,
    retry: false,
    refetchInterval: (query) =>
      query.state.data && (isInFlight(query.state.data.status) || isAwaitingResend(query.state.data, awaited)) ? LIVE_INTERVAL_MS : false,
  });
}

export function useEventSample(type: string) {
  const { api, cacheKey } = useDeliverySource();
  return useQuery({
    queryKey: [...deliveryFeedKeys.sample(type), cacheKey],
    queryFn: () => api.sample(type),
    enabled: type !== '',
    // A sample changes only with a new release.
    staleTime: Infinity,
  });
}

/** Every list and detail under the deliveries root: a new attempt changes both. */
function useRefreshDeliveries() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: deliveryFeedKeys.all });
}

export function useResendDelivery() {
  const refresh = useRefreshDeliveries();
  const { api } = useDeliverySource();
  return useMutation({ mutationFn: (id: string) => api.resend(id), onSuccess: refresh });
}

export function useReplayDeliveries(webhookId: string) {
  const refresh = useRefreshDeliveries();
  return useMutation({ mutationFn: (body: ReplayDeliveriesInput) => deliveryFeedApi.replay(webhookId, body), onSuccess: refresh });
}

export function useSendTest(webhookId: string) {
  const refresh = useRefreshDeliveries();
  const { api } = useDeliverySource();
  return useMutation({ mutationFn: (event: string) => api.sendTest(webhookId, event), onSuccess: refresh });
}


/**
 * Where the delivery views read from and what they offer: the console (the REST API with
 * the session, links to webhook pages, resend for owners and admins) by default, or the
 * consumer portal (its token-authenticated API, one webhook, nothing else of the
 * organization), which provides its own source.
 */
export type DeliverySource = {
  api: DeliveryApi;
  canResend: boolean;
  canSendTest: boolean;
  /** Why resend is not offered, shown in its place. */
  resendRefusal: string;
  /** Links to the console's webhook and delivery pages; null in the portal. */
  webhookHref: ((webhookId: string) => string) | null;
  deliveryHref: ((deliveryId: string) => string) | null;
  /** The console lists the organization's forms to filter by; the portal does not. */
  formFilter: boolean;
  /** Keys the portal's queries apart from the console's. */
  cacheKey: string;
};

const DeliverySourceContext = createContext<DeliverySource | null>(null);

export const DeliverySourceProvider = DeliverySourceContext.Provider;

export function useDeliverySource(): DeliverySource {
  const provided = useContext(DeliverySourceContext);
  const console = useContext(ConsoleContext);
  if (provided) return provided;
  const canEdit = console !== null && console.user.role !== 'viewer';
  return {
    api: deliveryFeedApi,
    canResend: canEdit,
    canSendTest: canEdit,
    resendRefusal: 'Viewers cannot resend deliveries.',
    webhookHref: (webhookId) => `/webhooks/${encodeURIComponent(webhookId)}/deliveries`,
    deliveryHref: (deliveryId) => `/deliveries/${encodeURIComponent(deliveryId)}`,
    formFilter: true,
    cacheKey: 'console',
  };
}
