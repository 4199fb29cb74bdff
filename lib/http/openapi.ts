import { z } from 'zod';

// The OpenAPI 3.1 document, generated from what each route declares: route({ auth, body,
// query, openapi: { summary, tag, … } }) in app/api/v1/**/route.ts, collected through the
// generated index app/api/v1/operations.ts (npm run generate:operations). The bodies and
// queries are the very zod schemas the routes parse with. `tests/openapi.test.ts` checks
// that every route file of app/api/v1 is described, and nothing else.

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
  /** Request headers the operation reads (all optional), with their JSON Schemas. */
  headers?: { name: string; schema: Record<string, unknown> }[];
};

/** What a handler tells the reference about itself; its method and path come from where it is served. */
export type DeclaredOperation = Omit<Operation, 'method' | 'path'>;

/**
 * What a route adds in route({ …, openapi }) to what route() knows already (its scope,
 * body and query): the words of the reference, the tag, the status of success (200
 * unless said), who may call when the scope does not say it ('session': console-only
 * routes, which take any caller and check the role themselves), what else the caller
 * must hold (with several scopes in `auth`, they are the `requires.scopes`), and the
 * error answers and request headers beyond the generic ones.
 */
export type OperationDocs = {
  summary: string;
  tag: string;
  success?: number;
  auth?: 'session';
  requires?: { events: string };
  errors?: Record<string, string>;
  headers?: Operation['headers'];
};

const DECLARED = Symbol.for('tidings.declaredOperation');

/** Attaches a handler's description, for handlers route() does not make (route() attaches its own). */
export function declareOperation<THandler extends object>(handler: THandler, declared: DeclaredOperation): THandler {
  return Object.assign(handler, { [DECLARED]: declared });
}

/** What a handler declared through declareOperation or route({ openapi }), if anything. */
export function declaredOperation(handler: unknown): DeclaredOperation | undefined {
  return typeof handler === 'function' ? (handler as { [DECLARED]?: DeclaredOperation })[DECLARED] : undefined;
}

export type RouteModuleEntry = readonly [method: Operation['method'], path: string, module: Record<string, unknown>];

/** The operations of the route modules, in the order given: the order of the reference. */
export function collectOperations(entries: readonly RouteModuleEntry[]): Operation[] {
  return entries.map(([method, path, module]) => {
    const declared = declaredOperation(module[method.toUpperCase()]);
    if (!declared) throw new Error(`${method.toUpperCase()} ${path} does not declare its operation: give its route() an \`openapi\` description`);
    return { method, path, ...declared };
  });
}

const EVENT_SCOPES_403 = '403 insufficient_scope names the missing scopes in error.missingScopes.';

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

/** The OpenAPI document of these operations (app/api/v1/operations.ts gives the API's own). */
export function openApiDocument(operations: readonly Operation[], serverUrl = '/api/v1') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
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
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      summary: operation.summary,
      ...(operation.requires ? { description: requirementText(operation.requires) } : {}),
      ...(operation.requires?.scopes ? { 'x-required-scopes': operation.requires.scopes } : {}),
      tags: [operation.tag],
      operationId: `${operation.method}${operation.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(operation.auth === null ? { security: [] } : {}),
      ...(operation.auth && operation.auth !== 'any' && operation.auth !== 'session' ? { 'x-required-scope': operation.auth } : {}),
      parameters: [...pathParameters(operation.path), ...queryParameters(operation.query), ...(operation.headers ?? []).map(({ name, schema }) => ({ name, in: 'header', required: false, schema }))],
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
