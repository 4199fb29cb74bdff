import { z } from 'zod';
import { ZCreateApiKey } from '../api-keys/api-key-schema';
import { ZReplayDeliveries } from '../deliveries/resend-delivery';
import { ZListDeliveriesQuery } from '../deliveries/list-deliveries';
import { ZEmitEvent } from '../events/accept-event';
import { ZCreateInbox, ZListInboxRequestsQuery } from '../inbox/inbox-schema';
import { ZDeliveryStatsQuery } from '../stats/delivery-stats';
import { ZUpsertForm } from '../forms/form-schema';
import { ZCreateKajabiHook } from '../hooks/kajabi-hook-schema';
import { ZSetAccountId } from '../organizations/organization-schema';
import { ZSetSharedToken } from '../organizations/shared-token-schema';
import { ZSendTestEvent } from '../webhooks/send-test-event';
import { ZCreateWebhook, ZListQuery, ZUpdateWebhook } from '../webhooks/webhook-schema';

// The OpenAPI 3.1 document, generated from the very zod schemas the routes parse with.
// `tests/openapi.test.ts` checks that every route file of app/api is described here.

export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** The scope an API key needs; 'session' for console-only routes; null for none. */
  auth: string | null;
  body?: z.ZodType;
  query?: z.ZodType;
  success: number;
  tag: string;
  /**
   * What else the caller must hold (docs/security-model.md#least-privilege): further scopes, and the
   * event scopes of the data the operation makes flow. Shown in the reference and as the
   * operation's description; `x-required-scopes` lists the resource scopes all needed.
   */
  requires?: { scopes?: string[]; events: string };
  /** Extra error answers beyond the generic ones. */
  errors?: Record<string, string>;
};

const EVENT_SCOPES_403 = '403 insufficient_scope names the missing scopes in error.missingScopes.';

export const OPERATIONS: Operation[] = [
  { method: 'post', path: '/webhooks', summary: 'Create a webhook (returns the secret once); sends it a ping when pingOnCreate, by default for the standard and sitestacker formats', auth: 'webhooks:write', body: ZCreateWebhook, success: 201, tag: 'Webhooks', requires: { events: 'the event scopes of every subscribed event type (`*`: every event scope)' }, errors: { '409': 'limit_reached: the organization already has TIDINGS_MAX_WEBHOOKS_PER_ORG webhooks (default 100)' } },
  { method: 'get', path: '/webhooks', summary: 'List webhooks, newest first', auth: 'webhooks:read', query: ZListQuery, success: 200, tag: 'Webhooks' },
  { method: 'get', path: '/webhooks/{id}', summary: 'Get a webhook', auth: 'webhooks:read', success: 200, tag: 'Webhooks' },
  { method: 'patch', path: '/webhooks/{id}', summary: 'Change a webhook (status ACTIVE re-enables a disabled one)', auth: 'webhooks:write', body: ZUpdateWebhook, success: 200, tag: 'Webhooks', requires: { events: 'changing url, format, events, allForms/formIds, resourceId, includeSubOrganizations, apiToken or customHeaders, or setting status ACTIVE, needs the event scopes of the resulting subscription (the events sent, else the current ones; `*`: every event scope). Name, description, retry policy, timeout, app key and PAUSED need none' } },
  { method: 'delete', path: '/webhooks/{id}', summary: 'Delete a webhook and its deliveries', auth: 'webhooks:write', success: 204, tag: 'Webhooks' },
  { method: 'post', path: '/webhooks/{id}/rotate-secret', summary: 'Rotate the secret (the old one signs too for 24 h)', auth: 'webhooks:write', success: 200, tag: 'Webhooks' },
  { method: 'post', path: '/webhooks/{id}/test', summary: 'Send a catalog sample to this webhook only (meta.test = true)', auth: 'webhooks:write', body: ZSendTestEvent, success: 202, tag: 'Webhooks', requires: { events: "the tested event type's scopes" } },
  { method: 'post', path: '/webhooks/{id}/replay', summary: 'Resend the deliveries of a time range (failed ones by default; SUCCEEDED ones only with "includeSucceeded": true), to the current URL', auth: 'webhooks:write', body: ZReplayDeliveries, success: 202, tag: 'Webhooks', requires: { scopes: ['webhooks:write', 'deliveries:write'], events: 'the event scopes of every event type among the deliveries it resends. Replays and resends share 10 a minute per organization (429 + Retry-After)' } },
  { method: 'get', path: '/webhooks/{id}/deliveries', summary: "A webhook's Recent Deliveries", auth: 'deliveries:read', query: ZListDeliveriesQuery, success: 200, tag: 'Deliveries' },
  { method: 'get', path: '/deliveries', summary: 'Recent Deliveries of all webhooks', auth: 'deliveries:read', query: ZListDeliveriesQuery, success: 200, tag: 'Deliveries' },
  { method: 'get', path: '/deliveries/{id}', summary: 'A delivery with its payload and every attempt', auth: 'deliveries:read', success: 200, tag: 'Deliveries' },
  { method: 'post', path: '/deliveries/{id}/resend', summary: 'A new attempt of the same delivery (same webhook-id), to the current URL', auth: 'deliveries:write', success: 202, tag: 'Deliveries', requires: { events: "the delivery's event type's scopes. Replays and resends share 10 a minute per organization (429 + Retry-After)" } },
  { method: 'post', path: '/events', summary: 'Send an event (optional Idempotency-Key header, 24 h). For Site Stacker receivers, send data.contribution_batch_id with donation.created (`{"contribution_batch_id": "9"}` alone is a valid donation.created); without it they receive `"contribution_batch_id": null` beside the donation', auth: 'events:write', body: ZEmitEvent, success: 202, tag: 'Events' },
  { method: 'get', path: '/event-types', summary: 'The event catalog with JSON Schemas', auth: 'any', success: 200, tag: 'Events' },
  { method: 'get', path: '/event-types/{type}/sample', summary: 'A sample of an event type', auth: 'any', success: 200, tag: 'Events' },
  { method: 'get', path: '/forms', summary: 'List forms', auth: 'forms:read', query: ZListQuery, success: 200, tag: 'Forms' },
  { method: 'post', path: '/forms', summary: 'Register a form, or update the one with the same externalId (200)', auth: 'forms:write', body: ZUpsertForm, success: 201, tag: 'Forms' },
  { method: 'get', path: '/api-keys', summary: 'List API keys (console session only)', auth: 'session', success: 200, tag: 'API keys' },
  { method: 'post', path: '/api-keys', summary: 'Create an API key; the key is returned once (console session, not viewers)', auth: 'session', body: ZCreateApiKey, success: 201, tag: 'API keys' },
  { method: 'delete', path: '/api-keys/{id}', summary: 'Revoke an API key; it answers 401 from then on (console session, not viewers)', auth: 'session', success: 200, tag: 'API keys' },
  { method: 'get', path: '/stats', summary: 'Deliveries per outcome over 24 h and 7 d, per webhook, failing first', auth: 'deliveries:read', query: ZDeliveryStatsQuery, success: 200, tag: 'Deliveries' },
  { method: 'get', path: '/inboxes', summary: "The organization's request inboxes", auth: 'webhooks:read', success: 200, tag: 'Inbox' },
  { method: 'post', path: '/inboxes', summary: 'Create a request inbox (a URL webhooks can deliver to)', auth: 'webhooks:write', body: ZCreateInbox, success: 201, tag: 'Inbox' },
  { method: 'get', path: '/inboxes/{id}', summary: 'A request inbox', auth: 'webhooks:read', success: 200, tag: 'Inbox' },
  { method: 'get', path: '/inboxes/{id}/requests', summary: 'What an inbox received, with signature checks', auth: 'deliveries:read', query: ZListInboxRequestsQuery, success: 200, tag: 'Inbox' },
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: null, success: 200, tag: 'Meta' },
  // Seed compatibility (README "Wire formats").
  { method: 'get', path: '/organization', summary: "The caller's organization: its numeric account id (Webconnex accountId, Kajabi site id) and whether a shared token is set", auth: 'webhooks:read', success: 200, tag: 'Organization' },
  { method: 'patch', path: '/organization', summary: "Set the organization's account id to the platform's own numeric one, before its first event (409 after, or when another organization has it)", auth: 'webhooks:write', body: ZSetAccountId, success: 200, tag: 'Organization' },
  { method: 'put', path: '/organization/shared-token', summary: 'Set the NationBuilder shared token (sent as `token` in every nationbuilder body; never returned)', auth: 'webhooks:write', body: ZSetSharedToken, success: 204, tag: 'Organization' },
  { method: 'post', path: '/organization/shared-token', summary: 'Generate a NationBuilder shared token, returned this once (no body)', auth: 'webhooks:write', success: 200, tag: 'Organization' },
  { method: 'post', path: '/hooks', summary: 'Kajabi: create a hook (JSON:API `data.type: "hooks"`, `attributes.target_url`, `attributes.event` in Kajabi names, optional `resource_id`); needs only the event scopes of Kajabi\'s table (or Tidings\' group scopes), 403 otherwise', auth: 'any', body: ZCreateKajabiHook, success: 201, tag: 'Kajabi hooks' },
  { method: 'get', path: '/hooks/{hook}', summary: 'Kajabi: `GET /hooks/{event}_sample`, the body a hook for that event receives', auth: 'any', success: 200, tag: 'Kajabi hooks' },
];

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    missingScopes: z.array(z.string()).optional().describe('On a 403 for scopes: the scopes the key would need'),
  }),
});

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const properties = (jsonSchema(schema).properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

/** "Needs webhooks:write and deliveries:write, and …": the reference's words for Operation.requires. */
export function requirementText(requires: NonNullable<Operation['requires']>): string {
  const scopes = requires.scopes ? `${requires.scopes.join(' and ')}, and ` : '';
  return `Needs ${scopes}${requires.events}. ${EVENT_SCOPES_403}`;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function buildOpenApiDocument(serverUrl = '/api/v1') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [operation.success]: { description: operation.success === 204 ? 'No content' : 'Success', ...(operation.success === 204 ? {} : { content: { 'application/json': { schema: {} } } }) },
    };
    if (operation.body || operation.query) responses['400'] = errorResponse('Invalid input, with field-level issues');
    if (operation.auth) {
      responses['401'] = errorResponse('Missing or invalid API key (WWW-Authenticate: Bearer)');
      responses['403'] = errorResponse('Missing scope or role');
      responses['429'] = errorResponse('Rate limited (Retry-After)');
    }
    if (operation.path.includes('{')) responses['404'] = errorResponse('Not found in your organization');
    for (const [status, description] of Object.entries(operation.errors ?? {})) responses[status] = errorResponse(description);
    if (operation.requires) responses['403'] = errorResponse(`Missing scope or role, or an event scope. ${EVENT_SCOPES_403}`);
    if (operation.path === '/events') {
      responses['409'] = errorResponse('Idempotency-Key reused with another body');
      responses['413'] = errorResponse('Body over 256 KB');
    }
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      summary: operation.summary,
      ...(operation.requires ? { description: requirementText(operation.requires) } : {}),
      ...(operation.requires?.scopes ? { 'x-required-scopes': operation.requires.scopes } : {}),
      tags: [operation.tag],
      operationId: `${operation.method}${operation.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(operation.auth === null ? { security: [] } : {}),
      ...(operation.auth && operation.auth !== 'any' && operation.auth !== 'session' ? { 'x-required-scope': operation.auth } : {}),
      parameters: [...pathParameters(operation.path), ...queryParameters(operation.query), ...(operation.path === '/events' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : [])],
      ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(operation.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tidings API',
      version: '1.0.0',
      description: 'Webhooks for donation, registration and CRM platforms. Authenticate with `Authorization: Bearer <API key>`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from the console or `npm run tidings -- api-key create`' } },
      schemas: { Error: jsonSchema(ErrorBody) },
    },
    paths,
  };
}
