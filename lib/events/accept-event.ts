import 'server-only';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { listOrganizationAncestors } from '../organizations/accessible-organizations';
import { emitEvent } from './emit';

export const ZEmitEvent = z.strictObject({
  type: z.string({ error: 'type is the event type, e.g. "donation.created"' }).trim().min(1).max(100),
  data: z.record(z.string(), z.unknown(), { error: 'data is the event object' }),
  formId: z.string().trim().min(1).max(100).nullable().optional(),
  resourceId: z.string().trim().min(1).max(200).nullable().optional(),
  organizationId: z.string().trim().min(1).max(100).optional(),
});

export type EmitEventInput = z.input<typeof ZEmitEvent>;

/** The API's event intake: the caller's organization, or one of its sub-organizations. */
export async function acceptEvent(input: { callerOrganizationId: string; event: z.output<typeof ZEmitEvent> }) {
  const { event } = input;
  let organizationId = input.callerOrganizationId;
  if (event.organizationId && event.organizationId !== organizationId) {
    const ancestors = await listOrganizationAncestors(event.organizationId);
    if (!ancestors.includes(input.callerOrganizationId)) {
      throw new AppError('organization_not_found', `No organization "${event.organizationId}" under yours`);
    }
    organizationId = event.organizationId;
  }
  if (event.type === 'ping' || event.type === 'webhook.disabled') {
    throw new AppError('validation_failed', `"${event.type}" is sent by Tidings itself`, {
      issues: [{ path: 'type', message: `"${event.type}" is sent by Tidings itself` }],
    });
  }
  const result = await emitEvent({ organizationId, type: event.type, data: event.data, formId: event.formId, resourceId: event.resourceId });
  return { eventId: result.eventId, deliveries: result.deliveries.length };
}
