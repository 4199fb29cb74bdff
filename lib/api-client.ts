// The console's typed client for /api/v1: the same routes integrators call, with the
// session cookie. Query-key factories keep invalidation in one place.
import type { ApiKeyResource } from './api-keys/list-api-keys';
import type { FormResource } from './forms/list-forms';
import type { WebhookResource } from './webhooks/serialize-webhook';

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

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data as ApiErrorBody | null)?.error ?? { code: 'http_error', message: `Request failed (${response.status})` };
    throw new ApiError(response.status, error);
  }
  return data as T;
}

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  detail: (id: string) => [...webhookKeys.all, 'detail', id] as const,
};

export const webhooksApi = {
  list: () => apiFetch<Page<WebhookResource>>('/webhooks?limit=100'),
  get: (id: string) => apiFetch<WebhookResource>(`/webhooks/${encodeURIComponent(id)}`),
};

export const formKeys = { all: ['forms'] as const, list: () => [...formKeys.all, 'list'] as const };

export const formsApi = { list: () => apiFetch<Page<FormResource>>('/forms?limit=100') };

export const apiKeyKeys = { all: ['api-keys'] as const, list: () => [...apiKeyKeys.all, 'list'] as const };

export const apiKeysApi = { list: () => apiFetch<Page<ApiKeyResource>>('/api-keys') };

export const deliveryKeys = {
  all: ['deliveries'] as const,
};
