import { expect, test } from '@playwright/test';
import { tidings } from '../support/cli';
import { captureState, changesSince } from '../support/database';
import { signIn } from '../support/sign-in';

// tests/faults/fuzz-all-inputs.test.ts calls the route handlers directly; these are the
// inputs only the real server sees as a client sends them: percent-escapes in paths that
// decode to NUL or to no character at all, broken cookies next to a real session, and
// bodies over the limit or nested past any sense. Never a
// 5xx, always the one error body, and nothing written.

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

function expectErrorBody(body: unknown, label: string): void {
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  expect(typeof error?.code, label).toBe('string');
  expect(typeof error?.message, label).toBe('string');
}

test('hostile path ids, cookies and bodies through the real server: 4xx, never 5xx, nothing written', async ({ page, request, baseURL }) => {
  const origin = baseURL!;
  const output = await tidings(['api-key', 'create', '--org', 'demo', '--scopes', 'webhooks:read,webhooks:write,deliveries:read,deliveries:write,events:write,view:contacts', '--name', `faults inputs ${unique}`]);
  const key = output.trim().split('\n').at(-1)!;
  const bearer = { authorization: `Bearer ${key}` };
  const user = { email: `faults-inputs-${unique}@example.com`, password: 'faults-inputs-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'admin']);
  const before = await captureState();

  const ids = ['%00', 'wh_%00', '%ED%A0%80', '%E0%A4%A', '%C0%AF', '%25', '..%2F..%2Fhealth', '%F0%9F%98%80', 'x'.repeat(4000)];
  const routes = ['/api/v1/webhooks/{id}', '/api/v1/webhooks/{id}/deliveries', '/api/v1/deliveries/{id}', '/api/v1/inboxes/{id}', '/api/v1/event-types/{id}/sample'];
  const seen = new Map<number, number>();
  for (const route of routes) {
    for (const id of ids) {
      const url = route.replace('{id}', id);
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        if (method !== 'GET' && !route.endsWith('/webhooks/{id}')) continue;
        const response = await request.fetch(url, { method, headers: bearer, data: method === 'PATCH' ? { name: 'x' } : undefined });
        seen.set(response.status(), (seen.get(response.status()) ?? 0) + 1);
        expect(response.status(), `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
        expect(response.status(), `${method} ${url.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      }
    }
  }
  console.log(`${routes.length} routes × ${ids.length} escaped ids (NUL, an encoded surrogate, broken and overlong UTF-8, traversal, 4,000 chars), GET/PATCH/DELETE → ${[...seen].map(([status, count]) => `${status}×${count}`).join(' ')}`);

  // A body over the 256 KB limit, one nested 50,000 deep, one that is not JSON (as bytes: a string would be sent JSON-encoded).
  const oversized = await request.post('/api/v1/events', { headers: { ...bearer, 'content-type': 'application/json' }, data: Buffer.from(`{"type":"person.created","data":{"x":"${'y'.repeat(300 * 1024)}"}}`) });
  expect(oversized.status()).toBe(413);
  expectErrorBody(await oversized.json(), 'oversized body');
  const deep = await request.post('/api/v1/events', { headers: { ...bearer, 'content-type': 'application/json' }, data: Buffer.from(`{"type":"person.created","data":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`) });
  expect(deep.status()).toBe(400);
  expectErrorBody(await deep.json(), 'deep body');
  expect((await deep.json()).error.message).toMatch(/deeper than/);
  const notJson = await request.post('/api/v1/webhooks', { headers: { ...bearer, 'content-type': 'application/json' }, data: Buffer.from('{"url":') });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe('invalid_json');
  console.log('POST /events with a 300 KB body → 413; nested 50,000 deep → 400; POST /webhooks with broken JSON → 400 invalid_json');

  // Broken organization cookies next to a real session: the console and the API carry on in the user's organization.
  await signIn(page, user);
  for (const value of ['%', '%E0%A4%A', '%00', '"quoted"', 'x'.repeat(3000)]) {
    await page.context().addCookies([{ name: 'tidings_org', value, url: origin }]);
    const list = await page.request.get('/api/v1/webhooks');
    expect(list.status(), value).toBe(200);
    const refused = await page.request.post('/api/v1/webhooks', { headers: { origin }, data: { url: 'not a url', events: ['*'] } });
    expect(refused.status(), value).toBe(400);
    await page.goto('/webhooks');
    await expect(page.getByTestId('organization-name')).toHaveText('Demo Nation');
  }
  console.log('a session with tidings_org = "%", a broken escape, "%00", quotes, 3,000 chars → API 200 / 400 as usual, console in Demo Nation');
  expect(await changesSince(before)).toEqual([]);
  console.log('checked: nothing created, every configuration row identical');
});
