import path from 'node:path';
import { getEventType } from '../../lib/events/catalog/definitions';
import { ERROR_STATUS } from '../../lib/errors';
import type { Operation } from '../../lib/http/openapi';
import type { call } from './fixtures';

// Drives the operations of app/api/v1/operations.ts OPERATIONS through their real route
// handlers: which file answers an operation, how to fill its path, and a body that
// passes validation (so a refusal says something about authorization or tenancy,
// not about the input).

export type Handler = Parameters<typeof call>[0];

const root = path.resolve(import.meta.dirname, '../..');

export function label(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

export async function handlerFor(operation: Operation): Promise<Handler> {
  const file = path.join(root, 'app/api/v1', operation.path.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
  const module = (await import(file)) as Record<string, Handler>;
  const handler = module[operation.method.toUpperCase()];
  if (!handler) throw new Error(`${file} does not export ${operation.method.toUpperCase()}`);
  return handler;
}

export function pathParams(operation: Operation, value: string): Record<string, string> {
  return Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, value]));
}

export function concretePath(operation: Operation, value: string, query = ''): string {
  return `/api/v1${operation.path.replace(/\{(\w+)\}/g, encodeURIComponent(value))}${query ? `?${query}` : ''}`;
}

/** Which kind of row an operation's `{id}` names. */
export function idKind(operation: Operation): 'webhook' | 'delivery' | 'inbox' | 'apiKey' | 'eventType' | 'member' | 'invitation' | 'organization' | null {
  if (!operation.path.includes('{')) return null;
  if (operation.path.startsWith('/webhooks/')) return 'webhook';
  if (operation.path.startsWith('/deliveries/')) return 'delivery';
  if (operation.path.startsWith('/inboxes/')) return 'inbox';
  if (operation.path.startsWith('/api-keys/')) return 'apiKey';
  if (operation.path.startsWith('/members/')) return 'member';
  if (operation.path.startsWith('/invitations/')) return 'invitation';
  if (operation.path.startsWith('/organizations/')) return 'organization';
  if (operation.path.startsWith('/event-types/')) return 'eventType';
  // Kajabi's `/hooks/{event}_sample` names a catalog event type too.
  if (operation.path.startsWith('/hooks/')) return 'eventType';
  throw new Error(`No id kind known for ${operation.path}: teach tests/support/operation-calls.ts`);
}

export const isStateChanging = (operation: Operation) => operation.method !== 'get';

/** A body each operation accepts, so that only who asks decides the answer. */
export function validBody(operation: Pick<Operation, 'method' | 'path' | 'body'>, options: { webhookUrl?: string } = {}): unknown {
  const key = label(operation);
  switch (key) {
    case 'POST /webhooks':
      return { url: options.webhookUrl ?? 'https://example.com/hook', events: ['*'] };
    case 'PATCH /webhooks/{id}':
      return { name: 'taken over', status: 'PAUSED', url: 'https://example.com/taken-over' };
    case 'POST /webhooks/{id}/test':
      return { event: 'donation.created' };
    case 'POST /webhooks/{id}/replay':
      return { since: 1, status: 'SUCCEEDED', includeSucceeded: true };
    case 'POST /webhooks/{id}/resume':
      return { held: 'send' };
    case 'POST /events':
      return { type: 'person.created', data: getEventType('person.created')!.sample() };
    case 'POST /events/batch':
      return { events: [{ type: 'person.created', data: getEventType('person.created')!.sample() }] };
    case 'POST /events/expunge':
      return { eventIds: ['evt_0000000000nosuchevent0000'] };
    case 'POST /forms':
      return { name: 'A form of the caller', externalId: 'caller-form-1' };
    case 'POST /api-keys':
      return { name: 'minted', scopes: ['webhooks:read', 'webhooks:write'] };
    case 'PATCH /api-keys/{id}':
      return { rateLimitPerMinute: 60_000 };
    case 'POST /inboxes':
      return { name: 'caller inbox' };
    case 'PATCH /organization':
      return { accountId: 900_000_001 };
    case 'PUT /organization/shared-token':
      return { token: 'caller-shared-token-0123456789' };
    case 'PATCH /members/{id}':
      return { role: 'viewer' };
    case 'POST /invitations':
      return { email: 'invitee@example.com', role: 'viewer' };
    case 'POST /invitations/lookup':
      return { token: 'tdi_0000000000000000000000000000000000000000000' };
    case 'POST /invitations/accept':
      return { token: 'tdi_0000000000000000000000000000000000000000000', name: 'Invitee', password: 'invitee-password' };
    case 'POST /organizations':
      return { name: 'A sub-organization of the caller', slug: `caller-sub-${Math.random().toString(36).slice(2, 10)}` };
    case 'PATCH /organizations/{id}':
      return { name: 'taken over' };
    case 'POST /webhooks/{id}/portal-links':
      return { expiresInHours: 24, allowResend: true };
    case 'POST /hooks':
      return { data: { type: 'hooks', attributes: { target_url: options.webhookUrl ?? 'https://example.com/hook', event: 'tag_added' } } };
    default:
      if (operation.body) throw new Error(`No valid body known for ${key}: teach tests/support/operation-calls.ts`);
      return undefined;
  }
}

/** The one error body shape: `{ error: { code, message, issues?, missingScopes? } }`, its code mapped to this status. */
export function errorShapeProblem(status: number, body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `body is not an object: ${JSON.stringify(body)?.slice(0, 200)}`;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys ${JSON.stringify(keys)}`;
  const error = (body as { error: unknown }).error as Record<string, unknown>;
  if (typeof error !== 'object' || error === null) return 'error is not an object';
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a string';
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a string';
  const extra = Object.keys(error).filter((name) => !['code', 'message', 'issues', 'missingScopes'].includes(name));
  if (extra.length > 0) return `unexpected error keys ${JSON.stringify(extra)}`;
  if (error.missingScopes !== undefined) {
    if (error.code !== 'insufficient_scope') return `missingScopes on a ${String(error.code)}`;
    if (!Array.isArray(error.missingScopes) || error.missingScopes.length === 0 || error.missingScopes.some((scope) => typeof scope !== 'string')) {
      return `bad missingScopes ${JSON.stringify(error.missingScopes)}`;
    }
  }
  if (error.issues !== undefined) {
    if (!Array.isArray(error.issues)) return 'error.issues is not an array';
    for (const issue of error.issues as unknown[]) {
      const item = issue as Record<string, unknown>;
      if (typeof item?.path !== 'string' || typeof item?.message !== 'string') return `bad issue ${JSON.stringify(issue)}`;
    }
  }
  const mapped = (ERROR_STATUS as Record<string, number>)[error.code];
  if (mapped !== status) return `code ${error.code} maps to ${mapped}, answered ${status}`;
  return null;
}
