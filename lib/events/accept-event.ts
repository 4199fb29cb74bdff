import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../errors';
import { listOrganizationAncestors } from '../organizations/accessible-organizations';
import { emitEvent } from './emit';
import { runIdempotent } from './idempotency';

export const ZEmitEvent = z.strictObject({
  type: z.string({ error: 'type is the event type, e.g. "donation.created"' }).trim().min(1).max(100),
  data: z.record(z.string(), z.unknown(), { error: 'data is the event object' }),
  formId: z.string().trim().min(1).max(100).nullable().optional(),
  resourceId: z.string().trim().min(1).max(200).nullable().optional(),
  organizationId: z.string().trim().min(1).max(100).optional(),
  orderingKey: z
    .string({ error: 'orderingKey is a string' })
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe(
      'Deliveries of events sharing this key reach each webhook whose ordering is "key" one at a time, in the order Tidings accepted them. Use the record the events are about: for people the person\'s id (data.signup.nationbuilder_id), for donations the donation\'s id (data.donation.id), so created, updated and cancelled arrive in order.',
    ),
});

export type EmitEventInput = z.input<typeof ZEmitEvent>;
type EmitEventData = z.output<typeof ZEmitEvent>;

async function resolveTargetOrganization(callerOrganizationId: string, requested: string | undefined): Promise<string> {
  if (!requested || requested === callerOrganizationId) return callerOrganizationId;
  const ancestors = await listOrganizationAncestors(requested);
  if (!ancestors.includes(callerOrganizationId)) {
    throw new AppError('organization_not_found', `No organization "${requested}" under yours`);
  }
  return requested;
}

/**
 * The API's event intake: the caller's organization or one of its sub-organizations,
 * optionally idempotent (`Idempotency-Key`, 24 h). Answers 202 `{eventId, deliveries}`.
 */
export async function acceptEvent(input: { callerOrganizationId: string; event: EmitEventData; idempotencyKey: string | null }) {
  const { event } = input;
  if (event.type === 'ping' || event.type === 'webhook.disabled' || event.type === 'webhook.failing') {
    throw new AppError('validation_failed', `"${event.type}" is sent by Tidings itself`, {
      issues: [{ path: 'type', message: `"${event.type}" is sent by Tidings itself` }],
    });
  }
  const organizationId = await resolveTargetOrganization(input.callerOrganizationId, event.organizationId);
  const emit = async (client?: pg.PoolClient) => {
    const result = await emitEvent(
      { organizationId, type: event.type, data: event.data, formId: event.formId, resourceId: event.resourceId, orderingKey: event.orderingKey },
      client,
    );
    return { status: 202, body: { eventId: result.eventId, deliveries: result.deliveries.length } };
  };
  if (!input.idempotencyKey) return { ...(await emit()), replayed: false };
  return runIdempotent({ organizationId: input.callerOrganizationId, key: input.idempotencyKey, requestBody: event, work: emit });
}
