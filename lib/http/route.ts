import 'server-only';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors';
import { resolveCaller, type Caller } from '../auth/resolve-caller';
import type { Scope } from '../auth/scopes';
import { logger } from '../log';
import { declareOperation, type DeclaredOperation, type OperationDocs } from './openapi';
import { zodIssues } from './zod-issues';
import { consumeApiKeyRequest, rateLimitHeaders, type RateLimitState } from './rate-limit';
import { env } from '../env';
import { findJsonProblem, readJsonBody } from './read-json-body';

/** A scope, several scopes held together (replay: webhooks:write and deliveries:write), 'any' or 'public'. */
type Auth = Scope | readonly Scope[] | 'any' | 'public';

type RouteOptions<TBody extends z.ZodType | undefined, TQuery extends z.ZodType | undefined> = {
  /** The scope(s) the caller needs; 'any' for any valid caller; 'public' for none. */
  auth: Auth;
  body?: TBody;
  /** The largest body accepted (413 past it); 256 KB unless said (lib/http/read-json-body.ts). */
  maxBodyBytes?: number;
  query?: TQuery;
  /** Extra checks of the caller (role, console-only) that run before any input is parsed. */
  authorize?: (caller: Caller) => void;
  /** How the API reference describes this route (lib/http/openapi.ts); routes of /api/v1 all say. */
  openapi?: OperationDocs;
};

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteContext<TBody, TQuery, TAuth extends Auth> = {
  request: Request;
  caller: TAuth extends 'public' ? Caller | null : Caller;
  body: TBody;
  query: TQuery;
  params: Record<string, string>;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: init.headers });
}

export function errorResponse(error: AppError): Response {
  const body: { error: { code: string; message: string; issues?: FieldIssue[]; missingScopes?: string[] } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details.issues) body.error.issues = error.details.issues;
  // A 403 for event scopes names what is missing, so a client can ask for exactly that.
  if (error.details.missingScopes) body.error.missingScopes = error.details.missingScopes;
  return json(body, { status: error.status, headers: error.details.headers });
}

function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string | undefined;
  try {
    originHost = origin && origin !== 'null' ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !host || originHost !== host) {
    throw new AppError('origin_mismatch', 'Changes from the console must come from the console itself');
  }
}

function assertScope(caller: Caller, auth: Auth): void {
  if (auth === 'any' || auth === 'public') return;
  const needed: readonly Scope[] = typeof auth === 'string' ? [auth] : auth;
  const missing = needed.filter((scope) => !caller.scopes.includes(scope));
  if (missing.length === 0) return;
  if (caller.kind === 'user') {
    throw new AppError('forbidden', 'Your role in this organization cannot make changes');
  }
  const list = missing.map((scope) => `"${scope}"`).join(', ');
  throw new AppError('insufficient_scope', `This API key lacks the ${list} scope${missing.length > 1 ? 's' : ''}`, { missingScopes: missing });
}

async function parseBody(request: Request, schema: z.ZodType, maxBodyBytes?: number): Promise<unknown> {
  const data = await readJsonBody(request, maxBodyBytes);
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError('validation_failed', 'The request body is not valid', { issues: zodIssues(result.error) });
  return result.data;
}

function parseQuery(request: Request, schema: z.ZodType): unknown {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (value.includes('\u0000')) throw new AppError('validation_failed', 'The query string is not valid', { issues: [{ path: key, message: 'Remove the NUL characters' }] });
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new AppError('validation_failed', 'The query string is not valid', { issues: zodIssues(result.error) });
  return result.data;
}

function mapUnknownError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return new AppError('validation_failed', 'The request is not valid', { issues: zodIssues(error) });
  // A row that vanished between a lookup and the write (Prisma's "record not found"):
  // a concurrent delete won, and the answer is what it would be a moment later.
  if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2025') {
    return new AppError('not_found', 'It no longer exists');
  }
  // A transaction that lost a lock race is safe to repeat: say so rather than 500.
  const message = error instanceof Error ? error.message : '';
  if (/deadlock detected|could not serialize access/.test(message)) {
    logger().warn({ error: message }, 'transaction conflict in route');
    return new AppError('service_unavailable', 'The request conflicted with another change; try again', { headers: { 'Retry-After': '1' } });
  }
  logger().error({ err: error }, 'unhandled error in route');
  return new AppError('internal_error', 'Something went wrong on our side');
}

/**
 * The one wrapper every API route goes through: authenticate (API key or console
 * session), check the Origin of console changes, check the scope, parse params,
 * query and body with zod, and turn every error into the one error body.
 */
export function route<
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TAuth extends Auth = Auth,
>(
  options: RouteOptions<TBody, TQuery> & { auth: TAuth },
  handler: (context: RouteContext<Infer<TBody>, Infer<TQuery>, TAuth>) => unknown,
): (request: Request, context: NextContext) => Promise<Response> {
  const handle = async (request: Request, context: NextContext): Promise<Response> => {
    let budget: RateLimitState | null = null;
    try {
      const caller = options.auth === 'public' ? await resolveCaller(request).catch(() => null) : await resolveCaller(request);
      if (!caller && options.auth !== 'public') {
        throw new AppError('unauthorized', 'Send an API key as "Authorization: Bearer <key>", or sign in', {
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      }
      if (caller) {
        if (caller.kind === 'user' && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
        if (caller.kind === 'apiKey') budget = await consumeApiKeyRequest(caller.apiKeyId, caller.rateLimitPerMinute ?? env().TIDINGS_API_KEY_RATE_LIMIT);
        assertScope(caller, options.auth);
        options.authorize?.(caller);
      }
      const rawParams = (await context?.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : value]),
      );
      // Ids are opaque text: one PostgreSQL cannot even compare (NUL, unpaired surrogates) names nothing.
      if (Object.values(params).some((value) => findJsonProblem(value) !== null)) {
        throw new AppError('not_found', 'Nothing with this id exists');
      }
      const query = options.query ? parseQuery(request, options.query) : undefined;
      const body = options.body ? await parseBody(request, options.body, options.maxBodyBytes) : undefined;
      const result = await handler({
        request,
        caller: caller as RouteContext<Infer<TBody>, Infer<TQuery>, TAuth>['caller'],
        body: body as Infer<TBody>,
        query: query as Infer<TQuery>,
        params,
      });
      return withBudget(result instanceof Response ? result : json(result), budget);
    } catch (error) {
      return withBudget(errorResponse(mapUnknownError(error)), budget);
    }
  };
  return options.openapi ? declareOperation(handle, describeRoute(options.auth, options.body, options.query, options.openapi)) : handle;
}

/** Every answer to an API key says what is left of its budget (a 429 already carries it). */
function withBudget(response: Response, budget: RateLimitState | null): Response {
  if (!budget) return response;
  const headers = rateLimitHeaders(budget);
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // Headers of a Response built elsewhere may be immutable: copy it.
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}

/** The operation a route is, for the reference: its scope as an API key needs it, its inputs, and its own words. */
function describeRoute(auth: Auth, body: z.ZodType | undefined, query: z.ZodType | undefined, docs: OperationDocs): DeclaredOperation {
  const scopes = typeof auth === 'string' ? undefined : [...auth];
  return {
    summary: docs.summary,
    auth: docs.auth ?? (auth === 'public' ? null : typeof auth === 'string' ? auth : auth[0]),
    ...(body ? { body } : {}),
    ...(query ? { query } : {}),
    success: docs.success ?? 200,
    tag: docs.tag,
    ...(docs.requires ? { requires: { ...(scopes ? { scopes } : {}), events: docs.requires.events } } : {}),
    ...(docs.errors ? { errors: docs.errors } : {}),
    ...(docs.headers ? { headers: docs.headers } : {}),
  };
}
