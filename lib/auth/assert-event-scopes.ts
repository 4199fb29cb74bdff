import 'server-only';
import { EVENT_GROUP_SCOPES, getEventType, WILDCARD } from '../events/catalog';
import { AppError } from '../http/app-error';
import { EVENT_SCOPES, type Scope } from './scopes';

/**
 * Subscribing needs the event's scope (Kajabi: "You can only create webhooks for events
 * you have permission to access"); the wildcard needs every event scope.
 */
export function assertEventScopes(scopes: readonly Scope[], events: readonly string[]): void {
  const needed = new Set<string>();
  for (const name of events) {
    if (name === WILDCARD) {
      for (const scope of EVENT_SCOPES) needed.add(scope);
      continue;
    }
    const definition = getEventType(name);
    const scope = definition ? EVENT_GROUP_SCOPES[definition.group] : null;
    if (scope) needed.add(scope);
  }
  const missing = [...needed].filter((scope) => !scopes.includes(scope as Scope));
  if (missing.length > 0) {
    throw new AppError('insufficient_scope', `This API key lacks the ${missing.map((scope) => `"${scope}"`).join(', ')} scope${missing.length > 1 ? 's' : ''} needed to subscribe to these events`);
  }
}
