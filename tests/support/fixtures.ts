import { createApiKey } from '../../lib/api-keys/create-api-key';
import { ALL_SCOPES, type Scope } from '../../lib/auth/scopes';
import { db } from '../../lib/db';
import { createId } from '../../lib/ids';

export async function createOrganization(input: { slug?: string; name?: string; parentId?: string } = {}) {
  const slug = input.slug ?? `org-${createId('org').slice(-8)}`;
  return db.organization.create({
    data: { id: createId('org'), slug, name: input.name ?? slug, parentId: input.parentId ?? null },
  });
}

export async function createKey(organizationId: string, scopes: readonly Scope[] = ALL_SCOPES) {
  const { token } = await createApiKey({ organizationId, name: 'test', scopes: [...scopes] });
  return token;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Calls a route handler the way Next does, with a real Request. */
export async function call(
  handler: Handler,
  input: { method?: string; path?: string; key?: string; body?: unknown; rawBody?: string; params?: Record<string, string>; headers?: Record<string, string> },
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...input.headers };
  if (input.key) headers.authorization = `Bearer ${input.key}`;
  if (input.body !== undefined || input.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  const request = new Request(`http://localhost${input.path ?? '/api/v1/test'}`, {
    method: input.method ?? 'GET',
    headers,
    body: input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body)),
  });
  const response = await handler(request, { params: Promise.resolve(input.params ?? {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}
