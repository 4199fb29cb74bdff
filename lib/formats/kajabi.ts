import { seedEventName } from '../events/seed-event-names';
import { USER_AGENT, type DeliveryEvent, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// Kajabi (shared/seeds Kajabi "Create a webhook"): "The actual payloads are sent to the
// target_url as a POST request with the following JSON body: { "id": "hash_id", "event":
// "tag_added", "payload": [] }". Kajabi signs nothing; the admin's API token, when set,
// goes out as `Authorization: Bearer` and the delivery code adds that for every format.

// "The id is the ID of the resource that triggered the event", the same resource a hook's
// `resource_id` filters on ("for example the id of the Contact Tag"): the tag for tag
// events, the form for form submissions, and the record each commerce event is about.
const RESOURCE_KEY_BY_EVENT: Readonly<Record<string, string>> = {
  'contact.tag_added': 'tag',
  'contact.tag_removed': 'tag',
  'form.submitted': 'form',
  'purchase.created': 'purchase',
  'order.created': 'order',
  'payment.succeeded': 'transaction',
};

function scalarId(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function idOfObject(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? scalarId((value as { id?: unknown }).id)
    : undefined;
}

/**
 * The event's resource id as a string (Kajabi ids are strings, "hash_id"): the id the
 * platform sent with the event, else the id inside the data, else the event's own id so a
 * receiver always has something to key on.
 */
export function kajabiResourceId(event: DeliveryEvent): string {
  if (event.resourceId) return event.resourceId;
  const key = RESOURCE_KEY_BY_EVENT[event.type];
  const fromKnownKey = key ? idOfObject(event.data[key]) : undefined;
  if (fromKnownKey) return fromKnownKey;
  // Events from other seeds are flat (Webconnex `{ id, … }`) or wrap one record
  // (NationBuilder `{ donation: { id } }`); the first such id names the resource.
  const flat = scalarId(event.data.id);
  if (flat) return flat;
  for (const value of Object.values(event.data)) {
    const nested = idOfObject(value);
    if (nested) return nested;
  }
  return event.id;
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
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
    };
  },
};
