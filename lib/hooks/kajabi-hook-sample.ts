import { getEventType } from '../events/catalog/definitions';
import { deriveResourceId } from '../events/derive-resource-id';
import { canonicalEventName } from '../events/seed-event-names';
import { AppError } from '../errors';

/**
 * `GET /api/v1/hooks/{event}_sample`: what a hook for that event receives, `{ id, event,
 * payload }`, with the catalog's sample as the payload ("the content will be similar to the
 * sample payloads above").
 */
export function kajabiHookSample(segment: string) {
  const match = /^([a-z_]+)_sample$/.exec(segment);
  const event = match?.[1];
  const canonical = event ? canonicalEventName('kajabi', event) : undefined;
  const definition = canonical ? getEventType(canonical) : undefined;
  if (!event || !canonical || !definition) {
    throw new AppError('event_type_not_found', `No sample "${segment}": use one of purchase_sample, payment_succeeded_sample, order_created_sample, form_submission_sample, tag_added_sample, tag_removed_sample`);
  }
  const payload = definition.sample();
  return { id: deriveResourceId(canonical, payload) ?? 'hash_id', event, payload };
}
