import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../errors';
import { listOrganizationAncestors } from '../organizations/accessible-organizations';
import { emitEvent, validateEventData, type EmitInput, type EmitResult } from './emit';
import { acceptInGroupCommit } from './group-commit';
import { hashRequestBody, runIdempotent, type StoredResponse } from './idempotency';

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
export type EmitEventData = z.output<typeof ZEmitEvent>;

async function resolveTargetOrganization(callerOrganizationId: string, requested: string | undefined): Promise<string> {
  if (!requested || requested === callerOrganizationId) return callerOrganizationId;
  const ancestors = await listOrganizationAncestors(requested);
  if (!ancestors.includes(callerOrganizationId)) {
    throw new AppError('organization_not_found', `No organization "${requested}" under yours`);
  }
  return requested;
}

/**
 * What POST /events checks of an event before storing it, for one event or each item of a
 * batch: not a type Tidings sends itself, and for the caller's organization or one of its
 * sub-organizations (`resolveOrganization` lets a batch look each organization up once).
 */
export async function prepareAcceptedEvent(input: {
  callerOrganizationId: string;
  event: EmitEventData;
  resolveOrganization?: (requested: string | undefined) => Promise<string>;
}): Promise<EmitInput> {
  const { event } = input;
  const resolveOrganization = input.resolveOrganization ?? ((requested) => resolveTargetOrganization(input.callerOrganizationId, requested));
  if (event.type === 'ping' || event.type === 'webhook.disabled' || event.type === 'webhook.failing') {
    throw new AppError('validation_failed', `"${event.type}" is sent by Tidings itself`, {
      issues: [{ path: 'type', message: `"${event.type}" is sent by Tidings itself` }],
    });
  }
  const organizationId = await resolveOrganization(event.organizationId);
  return { organizationId, type: event.type, data: event.data, formId: event.formId, resourceId: event.resourceId, orderingKey: event.orderingKey };
}

/** Looks each requested organization up once: a batch names the same few again and again. */
export function organizationResolver(callerOrganizationId: string): (requested: string | undefined) => Promise<string> {
  const resolved = new Map<string, Promise<string>>();
  return (requested) => {
    const key = requested ?? '';
    let found = resolved.get(key);
    if (!found) {
      found = resolveTargetOrganization(callerOrganizationId, requested);
      found.catch(() => undefined);
      resolved.set(key, found);
    }
    return found;
  };
}

/** POST /events' answer for an accepted event, stored with its Idempotency-Key and replayed. */
export function acceptedEventBody(result: EmitResult): { eventId: string; deliveries: number } {
  return { eventId: result.eventId, deliveries: result.deliveries.length };
}

/**
 * The API's event intake: the caller's organization or one of its sub-organizations,
 * optionally idempotent (`Idempotency-Key`, 24 h). Answers 202 `{eventId, deliveries}`
 * once the event is committed, in a commit shared with concurrent requests (group-commit.ts).
 */
export async function acceptEvent(input: { callerOrganizationId: string; event: EmitEventData; idempotencyKey: string | null }): Promise<StoredResponse> {
  const { event, idempotencyKey } = input;
  const emitInput = await prepareAcceptedEvent({ callerOrganizationId: input.callerOrganizationId, event });
  // Checked before joining other requests: an invalid event answers its own 400, its key unkept.
  validateEventData(emitInput.type, emitInput.data);
  const respond = (result: EmitResult) => ({ status: 202, body: acceptedEventBody(result) });
  return acceptInGroupCommit({
    callerOrganizationId: input.callerOrganizationId,
    input: emitInput,
    idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: hashRequestBody(event) } : null,
    respond,
    alone: async () => {
      const emit = async (client?: pg.PoolClient) => respond(await emitEvent(emitInput, client));
      if (!idempotencyKey) return { ...(await emit()), replayed: false };
      return runIdempotent({ organizationId: input.callerOrganizationId, key: idempotencyKey, requestBody: event, work: emit });
    },
  });
}
