// Issue 14 item 8: API clients get API answers. An unknown path under /api/ is a JSON 404
// in the API's error shape, and a method a route does not serve a JSON 405 with `Allow`.
// The methods each route serves are taken from the contract (the OpenAPI operations for
// /api/v1, the documented health, metrics and sign-in routes), not from the route files.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMethodNotAllowed } from '../lib/http/method-not-allowed';
import { OPERATIONS } from '../app/api/v1/operations';
import { call } from './support/fixtures';

const root = path.resolve(import.meta.dirname, '..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Handler = Parameters<typeof call>[0];

/** What each route serves, by its path under app/api ({param} for [param]). */
function servedByContract(): Map<string, string[]> {
  const served = new Map<string, string[]>([
    ['/health', ['GET']],
    ['/metrics', ['GET']],
    ['/auth/{...nextauth}', ['GET', 'POST']],
    ['/auth/sign-out-everywhere', ['POST']],
    ['/auth/password', ['POST']],
    // The consumer portal's API (README "Consumer portal"), authenticated by the link's token.
    ['/portal/{token}', ['GET']],
    ['/portal/{token}/deliveries', ['GET']],
    ['/portal/{token}/deliveries/{id}', ['GET']],
    ['/portal/{token}/deliveries/{id}/resend', ['POST']],
    ['/portal/{token}/test', ['POST']],
    ['/portal/{token}/event-types/{type}/sample', ['GET']],
  ]);
  for (const operation of OPERATIONS) {
    const key = `/v1${operation.path}`;
    served.set(key, [...(served.get(key) ?? []), operation.method.toUpperCase()]);
  }
  return served;
}

async function routeFiles(): Promise<{ routePath: string; module: Record<string, unknown> }[]> {
  const found: { routePath: string; module: Record<string, unknown> }[] = [];
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === 'route.ts') {
        const relative = path.relative(path.join(root, 'app/api'), directory).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, '{$1}'));
        found.push({ routePath: `/${relative.join('/')}`, module: (await import(full)) as Record<string, unknown> });
      }
    }
  };
  await walk(path.join(root, 'app/api'));
  return found;
}

describe('a method a route does not serve', () => {
  it('answers 405 in the API error shape, with Allow listing what the route serves, on every API route', async () => {
    const contract = servedByContract();
    const routes = (await routeFiles()).filter((route) => route.routePath !== '/{...path}');
    expect(routes.map((route) => route.routePath).sort()).toEqual([...contract.keys()].sort());
    let checked = 0;
    for (const { routePath, module } of routes) {
      const served = contract.get(routePath)!;
      for (const method of METHODS) {
        // Every method is exported: none is left to Next's empty, Allow-less 405.
        expect(typeof module[method], `${method} ${routePath} is handled`).toBe('function');
        expect(isMethodNotAllowed(module[method]), `${method} ${routePath}`).toBe(!served.includes(method));
        if (served.includes(method)) continue;
        const response = await call(module[method] as Handler, { method, path: `/api${routePath}` });
        const expectedAllow = [...served, ...(served.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', ');
        expect(response.status, `${method} ${routePath}`).toBe(405);
        expect(response.headers.get('allow'), `${method} ${routePath}`).toBe(expectedAllow);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.body).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining(method) } });
        checked += 1;
      }
    }
    console.log(`checked: ${checked} unserved (method, route) pairs across ${routes.length} API routes answer a JSON 405 with Allow`);
  });
});

describe('an unknown path under /api/', () => {
  it('answers a JSON 404 in the API error shape, whatever the method', async () => {
    const module = (await import('../app/api/[...path]/route')) as Record<string, unknown>;
    for (const method of [...METHODS, 'HEAD', 'OPTIONS']) {
      const response = await call(module[method] as Handler, { method, path: '/api/v1/no-such-thing/42' });
      expect(response.status, method).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      if (method === 'HEAD') continue;
      expect(response.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/v1/no-such-thing/42') } });
    }
  });
});
