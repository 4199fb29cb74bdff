import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../support/sign-in';

// Issue 12 item 7: the security headers on every response (pages, API, inbox, static
// files, redirects, errors), and the pages still work under the policy: no CSP violation
// reported in the browser, and each page's client code runs (it hydrates and responds).

type Headers = Record<string, string>;

function expectSecurityHeaders(headers: Headers, what: string): void {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
  expect(headers['x-frame-options'], what).toBe('DENY');
  // Served over plain http here, with no trusted proxy: no HSTS (a forged X-Forwarded-Proto changes nothing).
  expect(headers['strict-transport-security'], what).toBeUndefined();
}

function expectPolicy(headers: Headers, what: string): string | undefined {
  const policy = headers['content-security-policy'];
  expect(policy, what).toBeDefined();
  const directives = new Map(policy!.split(';').map((part) => { const [name, ...values] = part.trim().split(/\s+/); return [name, values] as const; }));
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('object-src'), what).toEqual(["'none'"]);
  expect(directives.get('base-uri'), what).toEqual(["'self'"]);
  const scripts = directives.get('script-src') ?? [];
  // This origin and this response's nonce: no 'unsafe-inline', no other host.
  expect(scripts.filter((source) => !source.startsWith("'nonce-")), what).toEqual(["'self'"]);
  const nonce = scripts.find((source) => source.startsWith("'nonce-"));
  expect(nonce, what).toBeDefined();
  return nonce?.slice("'nonce-".length, -1);
}

/** Records what the browser reports: violation events (from the first script on) and console errors. */
async function watchViolations(page: Page): Promise<{ violations: () => Promise<string[]>; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`));
  });
  return { violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations ?? []), consoleErrors };
}

test('every console page, the API reference, the inbox and sign-in work under the policy with no violation', async ({ page }) => {
  const watched = await watchViolations(page);
  await page.goto('/sign-in');
  const signInResponse = await page.request.get('/sign-in');
  expectSecurityHeaders(signInResponse.headers(), '/sign-in');
  await signIn(page);
  // A seeded webhook and one of its deliveries, for the detail and edit pages.
  const webhooks = (await (await page.request.get('/api/v1/webhooks')).json()) as { data: { webhookId: string }[] };
  const webhookId = webhooks.data[0].webhookId;
  const deliveries = (await (await page.request.get('/api/v1/deliveries')).json()) as { data: { id: string }[] };
  const deliveryId = deliveries.data[0].id;

  const pages: { path: string; ready: (page: Page) => Promise<void> }[] = [
    { path: '/', ready: async (p) => await expect(p.getByRole('heading', { level: 1 }).first()).toBeVisible() },
    { path: '/webhooks', ready: async (p) => await expect(p.getByRole('heading', { level: 1 }).first()).toBeVisible() },
    { path: '/deliveries', ready: async (p) => await expect(p.getByRole('heading', { level: 1 }).first()).toBeVisible() },
    { path: '/inbox', ready: async (p) => await expect(p.getByTestId('inbox-list')).toBeVisible() },
    { path: '/docs/api', ready: async (p) => await expect(p.getByTestId('api-operation').first()).toContainText('curl -X') },
    { path: '/api-keys', ready: async (p) => await expect(p.getByRole('heading', { level: 1 }).first()).toBeVisible() },
    { path: '/forms', ready: async (p) => await expect(p.getByRole('heading', { level: 1 }).first()).toBeVisible() },
    { path: '/webhooks/new', ready: async (p) => await expect(p.getByTestId('webhook-form')).toBeVisible() },
    { path: `/webhooks/${webhookId}/edit`, ready: async (p) => await expect(p.getByTestId('webhook-form')).toBeVisible() },
    { path: `/webhooks/${webhookId}/deliveries`, ready: async (p) => await expect(p.getByTestId('webhook-heading')).toBeVisible() },
    { path: `/deliveries/${deliveryId}`, ready: async (p) => await expect(p.getByTestId('delivery-detail')).toBeVisible() },
  ];
  for (const { path, ready } of pages) {
    const response = await page.goto(path);
    const headers = response!.headers();
    expectSecurityHeaders(headers, path);
    const nonce = expectPolicy(headers, path);
    // Next stamped this response's nonce on its scripts.
    const scriptNonces = await page.locator('script[src^="/_next/"]').evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(scriptNonces.length, path).toBeGreaterThan(0);
    expect(new Set(scriptNonces), path).toEqual(new Set([nonce]));
    await ready(page);
    // Client code runs: the user menu opens (React handles the click).
    await page.getByTestId('user-menu').click();
    await expect(page.getByRole('menuitem', { name: 'Sign out everywhere' })).toBeVisible();
    await page.keyboard.press('Escape');
    expect(await watched.violations(), path).toEqual([]);
    console.log(`${path}: headers and policy present, ${scriptNonces.length} scripts carry the nonce, client code runs, no violation`);
  }
  expect(watched.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
});

test('API answers, inbox posts, static files, redirects and errors carry the headers too', async ({ page, request }) => {
  await signIn(page);
  const html = await (await page.request.get('/')).text();
  const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(chunk).toBeDefined();
  const inboxUrl = await (async () => {
    await page.goto('/inbox');
    return page.getByTestId('inbox-url').inputValue();
  })();
  const checks: { what: string; send: () => ReturnType<typeof request.get> }[] = [
    { what: 'GET /api/health', send: () => request.get('/api/health') },
    { what: 'GET /api/v1/webhooks without a key (401)', send: () => request.get('/api/v1/webhooks') },
    { what: 'GET /api/v1/webhooks (session)', send: () => page.request.get('/api/v1/webhooks') },
    { what: 'GET /api/v1/openapi.json', send: () => request.get('/api/v1/openapi.json') },
    { what: 'GET /api/metrics', send: () => request.get('/api/metrics') },
    { what: 'POST to an inbox', send: () => request.post(new URL(inboxUrl).pathname, { data: { hello: 'world' } }) },
    { what: 'POST to an unknown inbox (404)', send: () => request.post('/inbox/no-such-inbox-token', { data: {} }) },
    { what: 'a static chunk', send: () => request.get(chunk!) },
    { what: 'a console page signed out (redirect)', send: () => request.get('/webhooks', { maxRedirects: 0 }) },
    { what: 'a page that does not exist', send: () => page.request.get('/no-such-page') },
    { what: 'a path that does not decode (400)', send: () => request.get('/api/v1/webhooks/%E0%A4%A') },
    { what: 'a forged X-Forwarded-Proto: https', send: () => request.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } }) },
  ];
  for (const { what, send } of checks) {
    const response = await send();
    expectSecurityHeaders(response.headers(), what);
    console.log(`${what} → ${response.status()} with nosniff, Referrer-Policy, X-Frame-Options${response.headers()['content-security-policy'] ? ', CSP' : ''}`);
  }
});
