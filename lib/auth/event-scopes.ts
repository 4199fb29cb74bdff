import { EVENT_GROUP_SCOPES, EVENT_TYPE_SUMMARIES, getEventTypeSummary, groupOfPattern, SUBSCRIBABLE_EVENT_TYPES, WILDCARD } from '../events/catalog/names';
import type { EventScopeName, Scope } from './scopes';

// Which scopes give access to an event's data (docs/security-model.md#least-privilege). Shared by the
// API (subscribing, changing where data goes, resend, replay, Send a Test) and the console
// (which explains a refusal), so it stays free of server-only imports.
//
// Each event type needs one of its alternatives, each alternative a set of scopes held
// together. Tidings' group scope is one alternative; the events Kajabi's document lists
// can also be reached with Kajabi's own scope names, exactly as its table says. Where
// Kajabi's row already contains the group scope (order_created: view:transactions and
// view:orders), that row is the only alternative: the document's stricter rule wins.
const KAJABI_REQUIREMENTS: Readonly<Record<string, readonly EventScopeName[]>> = {
  'purchase.created': ['view:purchases'],
  'payment.succeeded': ['view:transactions'],
  'order.created': ['view:transactions', 'view:orders'],
  'form.submitted': ['view:form_submissions'],
  'contact.tag_added': ['view:contacts'],
  'contact.tag_removed': ['view:contacts'],
};

/** The alternatives that give access to one event type; [] when it needs no scope (system events). */
export function eventScopeAlternatives(type: string): (readonly EventScopeName[])[] {
  const definition = getEventTypeSummary(type);
  if (!definition) return [];
  const groupScope = EVENT_GROUP_SCOPES[definition.group];
  const kajabi = KAJABI_REQUIREMENTS[type];
  if (!groupScope) return [];
  if (!kajabi) return [[groupScope]];
  if (kajabi.includes(groupScope)) return [kajabi];
  return [[groupScope], kajabi];
}

/**
 * Event types a subscription covers today: `*` is every subscribable type; a group pattern
 * (`donation.*`) the group's types; exact names are themselves.
 */
export function expandSubscription(events: readonly string[]): string[] {
  if (events.includes(WILDCARD)) return [...SUBSCRIBABLE_EVENT_TYPES];
  return [
    ...new Set(
      events.flatMap((entry) => {
        const group = groupOfPattern(entry);
        if (!group) return [entry];
        return EVENT_TYPE_SUMMARIES.filter((summary) => summary.group === group && SUBSCRIBABLE_EVENT_TYPES.includes(summary.name)).map((summary) => summary.name);
      }),
    ),
  ];
}

/**
 * The scopes the caller lacks to reach the data of every event type in `eventTypes`
 * (names, or `*`); [] when it holds enough. For an event with several alternatives, the
 * missing scopes of the alternative closest to what the caller holds are named.
 */
export function missingEventScopes(held: readonly Scope[], eventTypes: readonly string[]): EventScopeName[] {
  const missing = new Set<EventScopeName>();
  // A pattern takes the group's own scope: it covers types added to the group later, which
  // no other scope (Kajabi's per-event ones) vouches for in advance.
  for (const entry of eventTypes) {
    const group = groupOfPattern(entry);
    const scope = group ? EVENT_GROUP_SCOPES[group] : null;
    if (scope && !held.includes(scope)) missing.add(scope);
  }
  for (const type of expandSubscription(eventTypes)) {
    const alternatives = eventScopeAlternatives(type);
    if (alternatives.length === 0) continue;
    const gaps = alternatives.map((alternative) => alternative.filter((scope) => !held.includes(scope)));
    if (gaps.some((gap) => gap.length === 0)) continue;
    const smallest = gaps.reduce((best, gap) => (gap.length < best.length ? gap : best));
    for (const scope of smallest) missing.add(scope);
  }
  return [...missing].sort();
}
