import { createApiKey } from '../../lib/api-keys/create-api-key';
import { ALL_SCOPES, type Scope } from '../../lib/auth/scopes';
import { db } from '../../lib/db';
import { emitEvent } from '../../lib/events/emit';
import { createId } from '../../lib/ids';
import { createWebhook } from '../../lib/webhooks/create-webhook';

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

/**
 * A backlog for the crash and restart tests: an organization with 10 webhooks to `url`
 * (timeout 30 s) and 100 person.created events, so 1,000 deliveries; their ids.
 */
export async function createThousandDeliveries(url: string): Promise<{ organization: { id: string }; deliveryIds: string[] }> {
  const organization = await createOrganization();
  for (let i = 0; i < 10; i += 1) {
    await createWebhook({ organizationId: organization.id, data: { url, events: ['*'], timeoutSeconds: 30 } });
  }
  for (let i = 0; i < 100; i += 1) {
    await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: i } } });
  }
  const deliveryIds = (await db.delivery.findMany({ where: { organizationId: organization.id }, select: { id: true } })).map((row) => row.id);
  return { organization, deliveryIds };
}
