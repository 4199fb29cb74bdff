import 'server-only';
import { AppError } from '../errors';
import { missingEventScopes } from './event-scopes';
import type { Scope } from './scopes';

/**
 * Refuses (403, naming the missing scopes) when the caller lacks the scopes of any event
 * type whose data the operation would make flow (Kajabi: "You can only create webhooks
 * for events you have permission to access"; docs/security-model.md#least-privilege). `action` ends
 * the message: "to subscribe to these events", "to resend this delivery", …
 */
export function assertEventScopes(scopes: readonly Scope[], events: readonly string[], action = 'to subscribe to these events'): void {
  const missing = missingEventScopes(scopes, events);
  if (missing.length === 0) return;
  const list = missing.map((scope) => `"${scope}"`).join(', ');
  throw new AppError('insufficient_scope', `This API key lacks the ${list} scope${missing.length > 1 ? 's' : ''} needed ${action}`, {
    missingScopes: missing,
  });
}
