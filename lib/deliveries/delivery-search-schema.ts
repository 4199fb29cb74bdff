import { z } from 'zod';
import { EVENT_TYPE_NAME_LIST, isEventType } from '../events/catalog/names';
import { isTimeInRange, LATEST_TIME_SECONDS } from './replay-schema';

// The filters of Recent Deliveries and delivery search (GET /deliveries, GET
// /webhooks/{id}/deliveries, the consumer portal's list). Shared with the console, which
// keeps them in the URL, so it stays free of server-only imports.

export const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'HELD'] as const;

/** Shorter search words would match the start of too many words of the data to help (docs/architecture.md#delivery-search). */
export const SEARCH_TEXT_MIN = 3;
export const SEARCH_TEXT_MAX = 200;

/** `donation.*` → every catalog type named `donation.<something>`; [] when none is. */
export function expandEventPattern(pattern: string): string[] {
  if (!pattern.endsWith('.*')) return isEventType(pattern) ? [pattern] : [];
  const prefix = pattern.slice(0, -1);
  return EVENT_TYPE_NAME_LIST.filter((name) => name.startsWith(prefix));
}

const time = (name: string) =>
  z.union(
    [
      z.coerce.number().int().positive().max(LATEST_TIME_SECONDS).transform((seconds) => new Date(seconds * 1000)),
      z.iso.datetime({ offset: true }).transform((value) => new Date(value)).refine(isTimeInRange, 'Give a time between 1970 and 9999'),
    ],
    { error: `${name} is a time as unix seconds or an ISO 8601 date-time with its offset` },
  );

export const ZListDeliveriesQuery = z
  .object({
    limit: z.coerce.number({ error: 'limit is a number from 1 to 100' }).int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
    status: z.enum(DELIVERY_STATUSES, { error: `status is one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
    event: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((value) => expandEventPattern(value).length > 0, 'event is a catalog event type (donation.created) or a group of them (donation.*)')
      .optional(),
    since: time('since').optional(),
    until: time('until').optional(),
    webhookId: z.string().max(100).optional(),
    formId: z.string().trim().min(1).max(100).optional(),
    resourceId: z.string().trim().min(1).max(100).optional(),
    q: z
      .string()
      .trim()
      .min(SEARCH_TEXT_MIN, `q needs at least ${SEARCH_TEXT_MIN} characters`)
      .max(SEARCH_TEXT_MAX, `q is at most ${SEARCH_TEXT_MAX} characters`)
      .optional(),
  })
  .superRefine((query, context) => {
    if (query.since && query.until && query.until.getTime() <= query.since.getTime()) {
      context.addIssue({ code: 'custom', path: ['until'], message: 'until must be later than since' });
    }
  });

export type ListDeliveriesQuery = z.output<typeof ZListDeliveriesQuery>;
