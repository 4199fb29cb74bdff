import http from 'node:http';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { tidings } from '../support/cli';
import { captureState, changesSince, withDatabase } from '../support/database';
import { signIn } from '../support/sign-in';
import { createWebhook } from '../support/webhooks';
import { screenshot } from '../support/screenshots';

// What e2e/auth.spec.ts, e2e/cli.spec.ts and tests/rate-limits.test.ts leave open:
// - auth.spec refuses a foreign and a `null` Origin on one POST; here every other shape
//   of a cross-site change (no Origin, another port, a look-alike host, PATCH and DELETE,
//   a form post) and the CORS preflight a browser would need to forge headers;
// - cli.spec shows a revoked session's pages and GETs stop working; here a copied
//   session cookie replayed for changes after the revocation;
// - rate-limits.test.ts calls the sign-in function directly; here the limit through the
//   real sign-in form and next-auth from one address, and the owner from another;
// - it also hands that function the address stamp; here that the web server
//   (scripts/web-server.ts) decides it, whatever X-Forwarded-For the client sends;
// - tests/console-sessions.test.ts ends sessions in lib/; here signing out (one session,
//   or everywhere from the user menu) in a browser, and a copied cookie that stops working.

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function createTarget(request: APIRequestContext, origin: string, name: string): Promise<string> {
  return (await createWebhook(request, origin, { url: 'https://example.com/faults-sessions', events: ['contact.created'], name })).webhookId;
}

test('changes with a foreign, missing or look-alike Origin are refused and change nothing', async ({ page, baseURL }) => {
  const origin = baseURL!;
  const url = new URL(origin);
  const admin = { email: `faults-csrf-${unique}@example.com`, password: 'faults-csrf-password' };
  await tidings(['user', 'create', '--email', admin.email, '--password', admin.password, '--org', 'demo', '--role', 'admin']);
  await signIn(page, admin);
  const id = await createTarget(page.request, origin, `CSRF target ${unique}`);
  const before = await captureState();

  const origins: { name: string; headers: Record<string, string> }[] = [
    { name: 'no Origin header', headers: {} },
    { name: 'Origin: null', headers: { origin: 'null' } },
    { name: 'a foreign site', headers: { origin: 'https://evil.example' } },
    { name: 'the same host on another port', headers: { origin: `${url.protocol}//${url.hostname}:${Number(url.port) + 1}` } },
    { name: 'a look-alike host', headers: { origin: `${url.protocol}//${url.host}.evil.example` } },
    { name: 'the same port on 127.0.0.1 (another origin)', headers: { origin: `${url.protocol}//127.0.0.1:${url.port}` } },
    { name: 'a malformed Origin', headers: { origin: 'http://[::1' } },
    { name: 'a foreign Origin and a same-site Referer', headers: { origin: 'https://evil.example', referer: `${origin}/webhooks` } },
  ];
  const attempts: { name: string; send: (headers: Record<string, string>) => ReturnType<APIRequestContext['fetch']> }[] = [
    { name: 'PATCH /webhooks/{id}', send: (headers) => page.request.patch(`/api/v1/webhooks/${id}`, { headers, data: { name: 'hijacked', status: 'PAUSED' } }) },
    { name: 'DELETE /webhooks/{id}', send: (headers) => page.request.delete(`/api/v1/webhooks/${id}`, { headers }) },
    { name: 'POST /webhooks/{id}/rotate-secret', send: (headers) => page.request.post(`/api/v1/webhooks/${id}/rotate-secret`, { headers }) },
    { name: 'POST /api-keys', send: (headers) => page.request.post('/api/v1/api-keys', { headers, data: { name: 'forged', scopes: ['webhooks:read'] } }) },
    // What an HTML form on another site can send without a preflight.
    {
      name: 'POST /webhooks as a form post',
      send: (headers) => page.request.post('/api/v1/webhooks', { headers: { ...headers, 'content-type': 'text/plain' }, data: JSON.stringify({ url: 'https://evil.example/hook', events: ['*'] }) }),
    },
  ];
  for (const attempt of attempts) {
    for (const entry of origins) {
      const response = await attempt.send(entry.headers);
      expect(response.status(), `${attempt.name} with ${entry.name}`).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('origin_mismatch');
    }
    console.log(`${attempt.name} with ${origins.map((entry) => entry.name).join(' / ')} → 403 origin_mismatch each`);
  }
  expect(await changesSince(before)).toEqual([]);
  console.log('checked: the webhook is as it was, no key, webhook or job created');

  // A browser only sends custom headers cross-site after a preflight, which the API never grants.
  const preflight = await page.request.fetch('/api/v1/webhooks', {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type, x-forwarded-host' },
  });
  expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();
  expect(preflight.headers()['access-control-allow-credentials']).toBeUndefined();
  console.log(`OPTIONS preflight from https://evil.example → ${preflight.status()} without Access-Control-Allow-Origin: no forged header can follow`);

  // The same session with the console's own Origin still works: the refusals were about the Origin.
  const own = await page.request.delete(`/api/v1/webhooks/${id}`, { headers: { origin } });
  expect(own.status()).toBe(204);
});

test('a session revoked on the server stops working for changes too, even replayed from a copied cookie', async ({ page, browser, baseURL }) => {
  const origin = baseURL!;
  const user = { email: `faults-revoked-${unique}@example.com`, password: 'faults-revoked-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'admin']);
  await signIn(page, user);
  const id = await createTarget(page.request, origin, `Revocation target ${unique}`);
  const copied = await page.context().storageState();
  expect(copied.cookies.some((cookie) => cookie.name.includes('session-token'))).toBe(true);

  await tidings(['user', 'revoke-sessions', '--email', user.email]);
  const before = await captureState();
  const replayed = await browser.newContext({ storageState: copied });
  for (const request of [page.request, replayed.request]) {
    const attempts = [
      await request.patch(`/api/v1/webhooks/${id}`, { headers: { origin }, data: { name: 'after revocation' } }),
      await request.delete(`/api/v1/webhooks/${id}`, { headers: { origin } }),
      await request.post('/api/v1/webhooks', { headers: { origin }, data: { url: 'https://example.com/after-revocation', events: ['*'] } }),
      await request.post('/api/v1/api-keys', { headers: { origin }, data: { name: 'after revocation', scopes: ['webhooks:read'] } }),
      await request.get('/api/v1/webhooks'),
    ];
    expect(attempts.map((response) => response.status())).toEqual([401, 401, 401, 401, 401]);
  }
  console.log('after `user revoke-sessions`: PATCH, DELETE, POST /webhooks, POST /api-keys and GET with the old cookie (same page, and a copy in a new browser context) → 401 each');
  const pageOfCopy = await replayed.newPage();
  await pageOfCopy.goto('/webhooks');
  await expect(pageOfCopy).toHaveURL(/\/sign-in/);
  expect(await changesSince(before)).toEqual([]);
  console.log('the copied cookie opens no console page (sign-in); nothing changed');
  await replayed.close();

  // Signing in again gives a working session; the webhook is still there, unchanged.
  await signIn(page, user);
  const webhook = await page.request.get(`/api/v1/webhooks/${id}`);
  expect(webhook.status()).toBe(200);
  expect(((await webhook.json()) as { name: string }).name).toBe(`Revocation target ${unique}`);
  expect((await page.request.delete(`/api/v1/webhooks/${id}`, { headers: { origin } })).status()).toBe(204);
});

async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  // The alert may read the same each time: wait for this attempt's answer, not the last one's.
  const answered = page.waitForResponse((response) => response.url().includes('/api/auth/callback/credentials'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
}

/**
 * Signs in through next-auth's own endpoints (CSRF token, then the credentials callback),
 * from a chosen loopback source address: `npm start` listens on 127.0.0.1 only, and a
 * client bound to 127.0.0.2 reaches it as another address of this machine.
 */
async function signInFrom(localAddress: string, baseURL: string, email: string, password: string): Promise<{ error: string | null; session: boolean }> {
  const base = new URL(baseURL);
  const send = (method: string, pathname: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: Number(base.port), localAddress, method, path: pathname, headers: { host: base.host, ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const cookiesOf = (headers: http.IncomingHttpHeaders) => (headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]);
  const csrf = await send('GET', '/api/auth/csrf', {});
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: '/', json: 'true' }).toString();
  const answer = await send('POST', '/api/auth/callback/credentials', {
    'content-type': 'application/x-www-form-urlencoded',
    cookie: cookiesOf(csrf.headers).join('; '),
    origin: baseURL,
  }, form);
  const url = (JSON.parse(answer.body) as { url?: string }).url ?? '';
  const error = url ? new URL(url, baseURL).searchParams.get('error') : null;
  return { error, session: cookiesOf(answer.headers).some((cookie) => cookie.includes('session-token')) };
}

test('a flood of wrong passwords from one address does not lock the owner out from another address', async ({ browser, baseURL }) => {
  const user = { email: `faults-limited-${unique}@example.com`, password: 'faults-limited-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'viewer']);
  // Two addresses of this machine: the stranger from 127.0.0.2, the owner's browser from 127.0.0.1.
  const strangerAddress = '127.0.0.2';
  const pairKey = `signin_email_ip:${user.email} ${strangerAddress}`;
  const owner = await browser.newContext();
  try {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const answer = await signInFrom(strangerAddress, baseURL!, user.email, `wrong-password-${attempt}`);
      expect(answer).toEqual({ error: 'CredentialsSignin', session: false });
    }
    console.log(`10 wrong passwords from ${strangerAddress} through next-auth's credentials callback → refused each`);
    // That address has spent its budget for this email: even the right password is refused there.
    expect(await signInFrom(strangerAddress, baseURL!, user.email, user.password)).toEqual({ error: 'rate_limited', session: false });
    console.log(`the right password from ${strangerAddress} next → rate_limited, no session`);

    // The owner, from an address with no failures, signs in at the first try, in the form.
    const ownerPage = await owner.newPage();
    await ownerPage.goto('/sign-in');
    await submitSignIn(ownerPage, user.email, user.password);
    await expect(ownerPage.getByTestId('signed-in-user')).toContainText(user.email);
    expect((await ownerPage.request.get('/api/v1/webhooks')).status()).toBe(200);
    console.log('the owner from 127.0.0.1 → signed in at once, the API answers 200');
  } finally {
    await withDatabase(async (client) => {
      await client.query('delete from rate_limits where key = $1 or key = $2', [pairKey, `signin_ip:${strangerAddress}`]);
    });
    await owner.close();
  }
});

test('signing out ends the session on the server: a copied cookie stops working', async ({ page, browser, baseURL }) => {
  const origin = baseURL!;
  const user = { email: `faults-signout-${unique}@example.com`, password: 'faults-signout-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'admin']);
  await signIn(page, user);
  const copied = await page.context().storageState();
  expect(copied.cookies.some((cookie) => cookie.name.includes('session-token'))).toBe(true);
  const replayed = await browser.newContext({ storageState: copied });
  try {
    expect((await replayed.request.get('/api/v1/webhooks')).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    console.log('signed in, cookie copied to a second browser context (it works: 200), then "Sign out" in the first');

    expect((await replayed.request.get('/api/v1/webhooks')).status()).toBe(401);
    expect((await replayed.request.post('/api/v1/api-keys', { headers: { origin }, data: { name: 'after sign-out', scopes: ['webhooks:read'] } })).status()).toBe(401);
    const copyPage = await replayed.newPage();
    await copyPage.goto('/webhooks');
    // Sent by proxy.ts (it keeps the page as callbackUrl), before any page renders.
    await expect(copyPage).toHaveURL(/\/sign-in\?callbackUrl=%2Fwebhooks$/);
    console.log('the copied cookie after sign-out: GET and POST → 401, /webhooks → sign-in page');
  } finally {
    await replayed.close();
  }
});

test('"Sign out everywhere" in the user menu ends every session of the user, on every device', async ({ browser }) => {
  const user = { email: `faults-everywhere-${unique}@example.com`, password: 'faults-everywhere-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'viewer']);
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  try {
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(laptopPage, user);
    await signIn(phonePage, user);
    expect((await phone.request.get('/api/v1/webhooks')).status()).toBe(200);

    await laptopPage.getByTestId('user-menu').click();
    await expect(laptopPage.getByRole('menuitem', { name: 'Sign out everywhere' })).toBeVisible();
    await screenshot(laptopPage, 'user-menu');
    await laptopPage.getByRole('menuitem', { name: 'Sign out everywhere' }).click();
    await expect(laptopPage).toHaveURL(/\/sign-in/);
    console.log('two browsers signed in as one user; "Sign out everywhere" in the first → it is on the sign-in page');

    expect((await phone.request.get('/api/v1/webhooks')).status()).toBe(401);
    await phonePage.goto('/deliveries');
    await expect(phonePage).toHaveURL(/\/sign-in\?callbackUrl=%2Fdeliveries$/);
    console.log('the other browser: the API answers 401 and /deliveries sends to sign-in');

    // Signing in again works.
    await signIn(phonePage, user);
    expect((await phone.request.get('/api/v1/webhooks')).status()).toBe(200);
  } finally {
    await laptop.close();
    await phone.close();
  }
});

test('a forged X-Forwarded-For buys no fresh sign-in budget: every attempt counts against the connection’s address', async ({ playwright, baseURL }) => {
  // 127.0.0.1 by name, so the address the server sees is known (localhost may be ::1).
  const request = await playwright.request.newContext({ baseURL: baseURL!.replace('localhost', '127.0.0.1') });
  const email = `faults-forwarded-${unique}@example.com`; // no such user
  // Addresses of this run only (IPv6 documentation range), so no other spec's rows match.
  // Four hex digits each, so the address has a single spelling and no `::` to compress.
  const hex = () => (0x1000 + Math.floor(Math.random() * 0xf000)).toString(16);
  const forgedPrefix = `2001:db8:${hex()}:${hex()}:`;
  const forged = [`${forgedPrefix}:1`, `${forgedPrefix}:2`, `${forgedPrefix}:3, ${forgedPrefix}:4`, `${forgedPrefix}:5,${forgedPrefix}:6`];
  // Keys as lib/http/rate-limit.ts stores them: `${LIMITS.….keyPrefix}:${key}`.
  const addressKey = 'signin_ip:127.0.0.1';
  const emailKey = `signin_email_ip:${email} 127.0.0.1`;
  type Row = { key: string; points: number; expire: string | null };
  const rows = (where: string, value: string) =>
    withDatabase(async (client) => (await client.query<Row>(`select key, points, expire::text from rate_limits where key ${where} $1 order by key`, [value])).rows);

  const [before] = await rows('=', addressKey);
  let sent = 0;
  try {
    for (const value of forged) {
      const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await request.post('/api/auth/callback/credentials', {
        headers: { 'x-forwarded-for': value },
        form: { csrfToken, email, password: 'wrong-password', json: 'true' },
      });
      sent += 1;
      expect(response.status(), `sign-in with X-Forwarded-For: ${value}`).toBe(401);
    }
    console.log(`${forged.length} failed sign-ins for ${email}, each with another forged X-Forwarded-For (${forged.join(' / ')})`);

    expect(await rows('like', `signin_ip:${forgedPrefix}%`)).toEqual([]);
    const [after] = await rows('=', addressKey);
    expect(after).toBeDefined();
    // The window is fixed: had it ended mid-test, the row starts over from this test's attempts.
    const counted = before && before.expire === after.expire ? after.points - before.points : after.points;
    expect(counted).toBe(forged.length);
    console.log(`rate_limits: no key for any forged address; ${addressKey} went up by ${counted} (${before?.points ?? 0} → ${after.points})`);
    const [byEmail] = await rows('=', emailKey);
    console.log(`and ${emailKey} has ${byEmail?.points ?? 0} point(s)`);
  } finally {
    // Give the points back: every spec signs in from 127.0.0.1 and shares its budget.
    await withDatabase(async (client) => {
      await client.query('update rate_limits set points = greatest(points - $2, 0) where key = $1', [addressKey, sent]);
      await client.query('delete from rate_limits where key = $1', [emailKey]);
    });
    await request.dispose();
  }
});
