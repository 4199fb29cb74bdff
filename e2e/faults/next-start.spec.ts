import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import config, { E2E_ADMIN } from '../../playwright.config';
import { webCommand } from '../../scripts/support/web-command';
import { withDatabase } from '../support/database';
import { screenshot } from '../support/screenshots';

// Issue 14 item 7: `npx next start` is safe or refused. Under a bare `next start` nothing
// decides the client's address (Next believes any X-Forwarded-For), so the sign-in limiter
// could not count by address: sign-in is refused, saying to use `npm run web`, and the
// loopback-only metrics are refused too. Same build, same database as the server under test.

const serverEnv = (config.webServer as { env: Record<string, string> }).env;
const root = path.resolve(import.meta.dirname, '../..');

/** The environment `npm start` gives its web process: the same database and secrets. */
async function productionEnv(origin: string): Promise<NodeJS.ProcessEnv> {
  const secrets = JSON.parse(await readFile(path.join(serverEnv.TIDINGS_DATA_DIR, 'secrets.json'), 'utf8')) as {
    databasePassword: string;
    nextauthSecret: string;
    encryptionKey: string;
  };
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: `postgresql://postgres:${encodeURIComponent(secrets.databasePassword)}@127.0.0.1:${serverEnv.TIDINGS_DB_PORT}/tidings`,
    NEXTAUTH_SECRET: secrets.nextauthSecret,
    TIDINGS_ENCRYPTION_KEY: secrets.encryptionKey,
    NEXTAUTH_URL: origin,
    TIDINGS_LOG_LEVEL: 'warn',
  };
}

/**
 * Starts a web server of this build (in a process group of its own) at `origin` and waits
 * until /api/health answers 200; `request` talks to it, `stop` ends the group.
 */
async function startServer(
  playwright: PlaywrightWorkerArgs['playwright'],
  name: string,
  { command, args }: { command: string; args: string[] },
  env: NodeJS.ProcessEnv,
  origin: string,
): Promise<{ request: APIRequestContext; stop: () => Promise<void> }> {
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const request = await playwright.request.newContext({ baseURL: origin });
  const stop = async () => {
    await request.dispose();
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    await expect
      .poll(async () => (await request.get('/api/health').catch(() => null))?.status() ?? 0, { timeout: 60_000, message: `${name} did not answer:\n${output}` })
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { request, stop };
}

test('a bare `next start` refuses sign-in with a message to use `npm run web`', async ({ page, playwright }) => {
  test.setTimeout(120_000);
  const port = Number(serverEnv.PORT) + 7;
  const origin = `http://localhost:${port}`;
  const next = { command: path.join(root, 'node_modules/.bin/next'), args: ['start', '-p', String(port)] };
  const { request, stop } = await startServer(playwright, 'next start', next, await productionEnv(origin), origin);
  try {
    console.log(`\`next start -p ${port}\` on the same build and database is up`);

    // The page says so instead of offering a form.
    await page.goto(`${origin}/sign-in`);
    await expect(page.getByTestId('sign-in-unavailable')).toContainText('npm run web');
    await expect(page.getByLabel('Password')).toHaveCount(0);
    await screenshot(page, 'sign-in-next-start');
    console.log('/sign-in → "Sign-in is turned off … npm run web", no form');

    // The right password, with an X-Forwarded-For of the client's choosing: refused, no session.
    for (const forwarded of [undefined, '203.0.113.50']) {
      const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await request.post('/api/auth/callback/credentials', {
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
        form: { csrfToken, email: E2E_ADMIN.email, password: E2E_ADMIN.password, json: 'true' },
      });
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).searchParams.get('error'), `X-Forwarded-For: ${forwarded ?? '(none)'}`).toBe('web_server_required');
    }
    expect((await request.storageState()).cookies.some((cookie) => cookie.name.includes('session-token'))).toBe(false);
    expect((await request.get('/api/v1/webhooks')).status()).toBe(401);
    console.log('the admin’s right password (with and without a forged X-Forwarded-For) → error=web_server_required, no session cookie');

    // A forged stamp does not get in either, and loopback-only metrics are refused.
    expect((await request.get('/api/metrics', { headers: { 'x-tidings-client-address': '127.0.0.1', 'x-tidings-client-address-signature': '00'.repeat(32) } })).status()).toBe(403);
    expect((await request.get('/api/metrics')).status()).toBe(403);
    console.log('/api/metrics from this machine through `next start` (also with a forged address stamp) → 403');
  } finally {
    await stop();
  }
});

// Issue 12 item 7, HSTS: `npm run web` behind one trusted proxy (TIDINGS_TRUSTED_PROXIES=1)
// sends Strict-Transport-Security when that proxy says the client used https, and only then.
test('`npm run web` behind a trusted proxy sends HSTS when the proxy says https, and signs in by the proxy’s address', async ({ playwright }) => {
  test.setTimeout(120_000);
  const port = Number(serverEnv.PORT) + 8;
  const origin = `http://localhost:${port}`;
  const env = { ...(await productionEnv(origin)), PORT: String(port), TIDINGS_TRUSTED_PROXIES: '1' };
  const { request, stop } = await startServer(playwright, 'npm run web', webCommand(root), env, origin);
  try {
    const viaProxy = (proto: string) => request.get('/sign-in', { headers: { 'x-forwarded-for': '198.51.100.23', 'x-forwarded-proto': proto } });
    expect((await viaProxy('https')).headers()['strict-transport-security']).toBe('max-age=31536000');
    expect((await viaProxy('http')).headers()['strict-transport-security']).toBeUndefined();
    console.log('behind one trusted proxy: X-Forwarded-Proto https → Strict-Transport-Security: max-age=31536000; http → none');
    // Through our server sign-in is served (the page offers the form), and a failed attempt
    // counts against the address the trusted proxy reported, not the proxy's own.
    expect(await (await viaProxy('https')).text()).toContain('type="password"');
    const client = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
    const email = `faults-proxied-${Date.now().toString(36)}@example.com`;
    try {
      const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await request.post('/api/auth/callback/credentials', {
        headers: { 'x-forwarded-for': `203.0.113.9, ${client}`, 'x-forwarded-proto': 'https' },
        form: { csrfToken, email, password: 'wrong-password', json: 'true' },
      });
      expect(response.status()).toBe(401);
      const keys = await withDatabase(async (db) => (await db.query<{ key: string }>('select key from rate_limits where key like $1 order by key', [`%${client}`])).rows.map((row) => row.key));
      expect(keys).toEqual([`signin_email_ip:${email} ${client}`, `signin_ip:${client}`]);
      console.log(`and a wrong password sent through the proxy for client ${client} counts as ${keys.join(' and ')}`);
    } finally {
      await withDatabase((db) => db.query('delete from rate_limits where key like $1', [`%${client}`]));
    }
  } finally {
    await stop();
  }
});
