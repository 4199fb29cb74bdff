import { z } from 'zod';
import { isTimeInRange, LATEST_TIME_SECONDS } from '../deliveries/replay-schema';

const unixOrIso = z.union([
  z.coerce.number().int().positive().max(LATEST_TIME_SECONDS).transform((seconds) => new Date(seconds * 1000)),
  z.iso.datetime({ offset: true }).transform((value) => new Date(value)).refine(isTimeInRange, 'Give a time between 1970 and 9999'),
]);

/** GET /audit-log: every filter optional and combinable; newest first, cursor-paged. */
export const ZListAuditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  /** A user id, an API key id, an email, or `cli`. */
  actor: z.string().trim().min(1).max(320).optional(),
  /** The id of what was changed (a webhook, a key, a form…). */
  target: z.string().trim().min(1).max(200).optional(),
  /** The kind of what was changed: webhook, api_key, form, inbox, delivery, organization, user, event. */
  targetType: z.string().trim().regex(/^[a-z_]{1,40}$/, 'A target type such as webhook or api_key').optional(),
  /** An action (`webhook.updated`) or every action of a target type (`webhook.*`). */
  action: z.string().trim().regex(/^[a-z_]{1,40}(\.([a-z_]{1,40}|\*))?$/, 'An action such as webhook.updated, or webhook.*').optional(),
  since: unixOrIso.optional(),
  until: unixOrIso.optional(),
});

export type ListAuditLogQuery = z.output<typeof ZListAuditLogQuery>;
