// The console's client for /api/v1: the same routes integrators call, with the session
// cookie. Each feature's fetchers and query keys live in components/<feature>/api.ts.

export type Page<T> = { data: T[]; nextCursor: string | null };

export type ApiErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export type RequestInitJson = { method?: string; body?: unknown };

/**
 * One JSON request of the browser code: the body sent as JSON, the answer parsed, an error
 * answer thrown as ApiError. `credentials` says whether the session cookie goes along.
 */
export async function requestJson<T>(url: string, init: RequestInitJson, credentials: RequestCredentials): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials,
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data as ApiErrorBody | null)?.error ?? { code: 'http_error', message: `Request failed (${response.status})` };
    throw new ApiError(response.status, error);
  }
  return data as T;
}

export function apiFetch<T>(path: string, init: RequestInitJson = {}): Promise<T> {
  return requestJson<T>(`/api/v1${path}`, init, 'same-origin');
}
