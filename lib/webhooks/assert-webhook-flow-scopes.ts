import 'server-only';
import { assertEventScopes } from '../auth/assert-event-scopes';
import type { Scope } from '../auth/scopes';
import type { UpdateWebhookData } from './webhook-schema';

// docs/security-model.md#least-privilege: a key may only point event data at a receiver when it may
// read that data itself. Without this, a key holding only webhooks:write could move a
// donation webhook's URL to its own server and receive every donor's details.

/**
 * The fields of a PATCH that change where a webhook's data goes, which data it carries,
 * or what the receiver can do with it (the API token and custom headers authenticate it
 * to the receiver). Name, description, retry policy, timeout and app key change none.
 */
export const FLOW_FIELDS = ['url', 'format', 'events', 'allForms', 'formIds', 'resourceId', 'includeSubOrganizations', 'apiToken', 'customHeaders'] as const;

/** The data-flow fields a PATCH touches; `status: "ACTIVE"` counts (resuming starts the flow again), PAUSED does not. */
export function flowChangesOf(patch: UpdateWebhookData): string[] {
  const changed: string[] = FLOW_FIELDS.filter((field) => patch[field] !== undefined);
  if (patch.status === 'ACTIVE') changed.push('status');
  return changed;
}

/**
 * Refuses (403 naming the missing scopes) a PATCH that changes how data flows unless the
 * caller holds the event scopes of the webhook's current subscription and of the resulting
 * one (the events the PATCH sets): re-subscribing away from donations moves the donations it
 * already holds as surely as re-pointing it does. `*` needs every event scope. The deliveries
 * it holds or has queued are checked too, on their rows (lib/webhooks/update-webhook.ts).
 */
export function assertWebhookPatchScopes(input: { scopes: readonly Scope[]; currentEvents: readonly string[]; patch: UpdateWebhookData }): void {
  const changed = flowChangesOf(input.patch);
  if (changed.length === 0) return;
  const both = [...new Set([...input.currentEvents, ...(input.patch.events ?? [])])];
  assertEventScopes(input.scopes, both, `to change ${changed.join(', ')} of a webhook that carries these events`);
}
