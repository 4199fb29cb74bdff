import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { isMethodNotAllowed } from '../lib/http/method-not-allowed';
import { buildOpenApiDocument } from '../app/api/v1/operations';

const root = path.resolve(import.meta.dirname, '..');

/** Every (method, path) the app serves under /api/v1, read from the route files themselves. */
async function appRoutes(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === 'route.ts') {
        const module = (await import(full)) as Record<string, unknown>;
        const routePath = path.relative(path.join(root, 'app/api/v1'), directory).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, '{$1}'));
        for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
          // A route's 405 handlers (methods it does not serve) are not routes.
          if (typeof module[method] === 'function' && !isMethodNotAllowed(module[method])) found.push(`${method.toLowerCase()} /${routePath.join('/')}`);
        }
      }
    }
  };
  await walk(path.join(root, 'app/api/v1'));
  return found.sort();
}

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const document = buildOpenApiDocument();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it('describes every route of the app, and nothing else', async () => {
    const document = buildOpenApiDocument();
    const described = Object.entries(document.paths)
      .flatMap(([routePath, methods]) => Object.keys(methods).map((method) => `${method} ${routePath}`))
      .sort();
    expect(described).toEqual(await appRoutes());
  });

  it('takes request bodies from the routes’ zod schemas', () => {
    const document = buildOpenApiDocument();
    const create = document.paths['/webhooks'].post as { requestBody: { content: { 'application/json': { schema: { required: string[]; properties: Record<string, unknown> } } } } };
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['url', 'events']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['format', 'retryPolicy', 'timeoutSeconds', 'allForms', 'formIds']));
  });

  it('documents least privilege: the scopes each data flow needs, includeSucceeded, and custom headers as secrets', () => {
    const document = buildOpenApiDocument();
    type Described = { description?: string; 'x-required-scopes'?: string[]; requestBody?: { content: { 'application/json': { schema: { properties: Record<string, { description?: string }> } } } } };
    const replay = document.paths['/webhooks/{id}/replay'].post as Described;
    expect(replay['x-required-scopes']).toEqual(['webhooks:write', 'deliveries:write']);
    expect(replay.description).toMatch(/event scopes/);
    expect(replay.requestBody!.content['application/json'].schema.properties.includeSucceeded.description).toMatch(/SUCCEEDED/);
    for (const [path, method] of [['/webhooks', 'post'], ['/webhooks/{id}', 'patch'], ['/webhooks/{id}/test', 'post'], ['/deliveries/{id}/resend', 'post']] as const) {
      expect((document.paths[path] as Record<string, Described>)[method].description, `${method} ${path}`).toMatch(/scope/);
    }
    const patch = document.paths['/webhooks/{id}'].patch as Described;
    const headers = patch.requestBody!.content['application/json'].schema.properties.customHeaders.description!;
    expect(headers).toContain('null');
    expect(headers).toContain('••••••••');
    expect(headers).toMatch(/left out is removed/);
  });
});
