import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../app/api/v1/operations';
import { call, createKey, createOrganization } from './support/fixtures';

// Every operation of the API, driven from the same registry the OpenAPI document uses
// (which tests/openapi.test.ts checks against the route files): 401 without a key,
// 403 without the scope, 404 for an unknown id, 400 for a bad body.

const root = path.resolve(import.meta.dirname, '..');
type Handler = Parameters<typeof call>[0];

async function handlerFor(method: string, routePath: string): Promise<Handler> {
  const file = path.join(root, 'app/api/v1', routePath.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
  const module = (await import(file)) as Record<string, Handler>;
  return module[method.toUpperCase()];
}

const params = (routePath: string, value: string) =>
  Object.fromEntries([...routePath.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, value]));

describe('status discipline on every route', () => {
  it('401 with WWW-Authenticate without a key; 403 without the scope', async () => {
    const organization = await createOrganization();
    const unscoped = await createKey(organization.id, []);
    for (const operation of OPERATIONS.filter((op) => op.auth !== null)) {
      const handler = await handlerFor(operation.method, operation.path);
      const label = `${operation.method} ${operation.path}`;
      const anonymous = await call(handler, { method: operation.method.toUpperCase(), params: params(operation.path, 'x'), body: operation.body ? {} : undefined });
      expect(anonymous.status, label).toBe(401);
      expect(anonymous.headers.get('www-authenticate'), label).toMatch(/^Bearer/);
      if (operation.auth === 'any' && !operation.path.startsWith('/api-keys')) continue;
      const forbidden = await call(handler, { method: operation.method.toUpperCase(), key: unscoped, params: params(operation.path, 'x'), body: operation.body ? {} : undefined });
      expect(forbidden.status, label).toBe(403);
    }
  });

  it('404 for an id that is not in the organization', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    for (const operation of OPERATIONS.filter((op) => op.path.includes('{') && op.auth !== 'session')) {
      const handler = await handlerFor(operation.method, operation.path);
      const response = await call(handler, {
        method: operation.method.toUpperCase(),
        key,
        params: params(operation.path, operation.path.includes('{type}') ? 'no.such_type' : 'wh_0000000000nosuchthing0000'),
        body: operation.path.endsWith('/test')
          ? { event: 'donation.created' }
          : operation.path.endsWith('/replay')
            ? { since: 1 }
            : operation.path.endsWith('/resume')
              ? { held: 'send' }
            : operation.method === 'patch'
              ? { name: 'renamed' }
              : operation.body
                ? {}
                : undefined,
      });
      expect(response.status, `${operation.method} ${operation.path}`).toBe(404);
    }
  });

  it('400 with field issues for a body of the wrong shape', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    for (const operation of OPERATIONS.filter((op) => op.body && op.auth !== 'session')) {
      const handler = await handlerFor(operation.method, operation.path);
      const response = await call(handler, { method: operation.method.toUpperCase(), key, params: params(operation.path, 'x'), body: { unexpected: [1, 2, 3] } });
      const label = `${operation.method} ${operation.path}`;
      // An unknown id may be found out first (404); otherwise the body is refused with issues.
      expect([400, 404], label).toContain(response.status);
      if (response.status === 400) expect(response.body.error.issues?.length, label).toBeGreaterThan(0);
    }
  });
});
