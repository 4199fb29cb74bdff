import { apiFetch } from '@/lib/api-client';
import type { DeliveryStats } from '@/lib/stats/delivery-stats';

export type { DeliveryStats, StatsBucket, WebhookStats } from '@/lib/stats/delivery-stats';

export const statsKeys = {
  all: ['stats'] as const,
  deliveries: (timeZone: string) => [...statsKeys.all, 'deliveries', timeZone] as const,
};

export const statsApi = {
  deliveries: (timeZone: string) => apiFetch<DeliveryStats>(`/stats?tz=${encodeURIComponent(timeZone)}&limit=100`),
};

/** The reader's IANA time zone, so the chart's hours and days are theirs. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
