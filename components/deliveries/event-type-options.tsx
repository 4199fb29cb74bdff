import { EVENT_GROUPS, EVENT_TYPE_NAME_LIST, EVENT_TYPE_SUMMARIES, SUBSCRIBABLE_EVENT_TYPES } from '@/lib/events/catalog/names';

// The catalog as <optgroup>s in catalog order, labelled the way the console names events
// ("Registration", "Form publish", "Coupon created"), with the wire name alongside.

const GROUPED = EVENT_GROUPS.map((group) => ({
  ...group,
  events: EVENT_TYPE_SUMMARIES.filter((definition) => definition.group === group.id),
})).filter((group) => group.events.length > 0);

/** `donation.*`, `person.*`, …: every name prefix of the catalog, for searching a whole family at once. */
export const EVENT_PATTERNS = [...new Set(EVENT_TYPE_NAME_LIST.map((name) => `${name.split('.')[0]}.*`))];

export function EventTypeOptions({ sendableOnly = false, withNames = true, withPatterns = false }: { sendableOnly?: boolean; withNames?: boolean; withPatterns?: boolean }) {
  return (
    <>
      {withPatterns ? (
        <optgroup label="Every event named">
          {EVENT_PATTERNS.map((pattern) => (
            <option key={pattern} value={pattern}>
              {pattern}
            </option>
          ))}
        </optgroup>
      ) : null}
      {GROUPED.map((group) => {
        const events = sendableOnly ? group.events.filter((definition) => SUBSCRIBABLE_EVENT_TYPES.includes(definition.name)) : group.events;
        if (events.length === 0) return null;
        return (
          <optgroup key={group.id} label={group.label}>
            {events.map((definition) => (
              <option key={definition.name} value={definition.name}>
                {withNames ? `${definition.label} (${definition.name})` : definition.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

