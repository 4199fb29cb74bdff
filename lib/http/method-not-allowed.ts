import { AppError } from '../errors';
import { errorResponse } from './route';

// A route file exports a handler for each method it serves; Next answers the others with
// an empty 405 and no `Allow`. Each route file also exports these for the methods it does
// not serve, so API clients get the API's error body and the methods they may use.

export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

const MARK = Symbol.for('tidings.methodNotAllowed');

type NotAllowedHandler = ((request: Request) => Response) & { [MARK]: true };

/** The `Allow` value for a route serving `allowed` (Next adds HEAD for GET, and OPTIONS). */
export function allowHeader(allowed: readonly ApiMethod[]): string {
  return [...new Set<string>([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])].sort().join(', ');
}

/** A handler answering 405 `method_not_allowed` with `Allow`, for a route that serves `allowed`. */
export function methodNotAllowed(allowed: readonly ApiMethod[]): NotAllowedHandler {
  const allow = allowHeader(allowed);
  const handler = (request: Request) =>
    errorResponse(new AppError('method_not_allowed', `${request.method} is not allowed here; this path allows ${allow}`, { headers: { Allow: allow } }));
  return Object.assign(handler, { [MARK]: true as const });
}

/** True for the handlers made by methodNotAllowed (the route does not serve that method). */
export function isMethodNotAllowed(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as Partial<NotAllowedHandler>)[MARK] === true;
}
