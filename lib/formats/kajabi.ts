import { seedEventName } from '../events/seed-event-names';
import { USER_AGENT, type DeliveryEvent, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// Kajabi (shared/seeds Kajabi "Create a webhook"): "The actual payloads are sent to the
// target_url as a POST request with the following JSON body: { "id": "hash_id", "event":
// "tag_added", "payload": [] }". Kajabi signs nothing; the admin's API token, when set,
// goes out as `Authorization: Bearer` and the delivery code adds that for every format.

/**
 * "The id is the ID of the resource that triggered the event": the event's resource id, the
 * same value a hook's `resource_id` filter is matched against (ingestion takes it from the
 * data when the platform sent none, lib/events/derive-resource-id.ts). An event that names
 * no resource gets its own id, which no resource filter can match.
 */
export function kajabiResourceId(event: Pick<DeliveryEvent, 'id' | 'resourceId'>): string {
  return event.resourceId ?? event.id;
}

export const kajabiFormat: WireFormat = {
  name: 'kajabi',
  buildRequest(input: FormatInput): WireRequest {
    const { event } = input;
    return {
      body: JSON.stringify({
        id: kajabiResourceId(event),
        event: seedEventName('kajabi', event.type, event.data) ?? event.type,
        // "The payload is the actual payload of the event and the content will be similar to
        // the sample payloads above" (GET /api/v1/hooks/{event}_sample, our catalog samples).
        payload: event.data,
      }),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
      },
    };
  },
};
