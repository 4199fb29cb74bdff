// The resource an event is about (docs/delivery-semantics.md#matching `resourceId`, Kajabi `resource_id`): what a
// webhook's resource filter matches, and the `id` of a Kajabi body ("The id is the ID of the
// resource that triggered the event"). When the platform sends no resourceId, it is taken
// from the data once, at ingestion, and stored on the event, so the filter and the body
// always name the same resource.

// The record each event is about, where the data holds several (Kajabi: "for example the id
// of the Contact Tag"; a form submission is about the form).
const RESOURCE_KEY_BY_EVENT: Readonly<Record<string, string>> = {
  'contact.tag_added': 'tag',
  'contact.tag_removed': 'tag',
  'form.submitted': 'form',
  'purchase.created': 'purchase',
  'order.created': 'order',
  'payment.succeeded': 'transaction',
};

function scalarId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function idOfObject(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? scalarId((value as { id?: unknown }).id)
    : undefined;
}

/**
 * The resource id of an event's data: the id of the record the event type is about, else a
 * flat `id` (Webconnex data), else the id of the first record the data wraps (NationBuilder
 * `{ donation: { id } }`); null when the data names none.
 */
export function deriveResourceId(type: string, data: Record<string, unknown>): string | null {
  if (type === 'ping' || type === 'webhook.disabled' || type === 'webhook.failing') return null;
  const key = RESOURCE_KEY_BY_EVENT[type];
  if (key) return idOfObject(data[key]) ?? null;
  const flat = scalarId(data.id);
  if (flat) return flat;
  for (const value of Object.values(data)) {
    const nested = idOfObject(value);
    if (nested) return nested;
  }
  return null;
}
