import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { tidings } from './support/cli';
import { signIn } from './support/sign-in';

test('the CLI creates an API key while the server runs, and the key works', async ({ request }) => {
  const output = await tidings(['api-key', 'create', '--org', 'demo', '--scopes', 'webhooks:read', '--name', 'e2e']);
  const key = output.trim().split('\n').at(-1)!;
  expect(key).toMatch(/^tdg_[A-Za-z0-9_-]{43}$/);
  const response = await request.get('/api/v1/webhooks', { headers: { authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.data.map((webhook: { name: string }) => webhook.name)).toEqual(
    expect.arrayContaining(['CRM sync (all events)', 'Finance ledger', 'Registrations desk']),
  );
  const forbidden = await request.post('/api/v1/webhooks', { headers: { authorization: `Bearer ${key}` }, data: { url: 'https://example.com', events: ['*'] } });
  expect(forbidden.status()).toBe(403);
});

test('the CLI gives a key its own rate limit; the API says it with every answer', async ({ request }) => {
  const output = await tidings(['api-key', 'create', '--org', 'demo', '--scopes', 'webhooks:read', '--name', 'e2e limited', '--rate-limit', '2']);
  expect(output).toContain('2 requests a minute');
  const key = output.trim().split('\n').at(-1)!;
  const headers = { authorization: `Bearer ${key}` };
  const first = await request.get('/api/v1/webhooks', { headers });
  expect(first.headers()['ratelimit-limit']).toBe('2');
  expect(first.headers()['ratelimit-remaining']).toBe('1');
  expect((await request.get('/api/v1/webhooks', { headers })).status()).toBe(200);
  const limited = await request.get('/api/v1/webhooks', { headers });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
  // Raised by prefix, the key goes on.
  const prefix = key.slice(0, 10);
  const raised = await tidings(['api-key', 'rate-limit', '--key', prefix, '--rate-limit', '6000']);
  expect(raised).toContain('6,000 requests a minute');
  const again = await request.get('/api/v1/webhooks', { headers });
  expect(again.status()).toBe(200);
  expect(again.headers()['ratelimit-limit']).toBe('6000');
});

test('revoking a user’s sessions signs them out of an open console', async ({ page }) => {
  await signIn(page);
  await tidings(['user', 'revoke-sessions', '--email', E2E_ADMIN.email]);
  await page.goto('/webhooks');
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get('/api/v1/webhooks')).status()).toBe(401);
  await signIn(page);
  await page.goto('/webhooks');
  await expect(page.getByTestId('webhooks-table')).toContainText('Finance ledger');
});

test('simulated traffic shows up in Recent Deliveries', async ({ page }) => {
  const output = await tidings(['simulate', '--org', 'demo', '--rate', '5', '--for', '4']);
  const emitted = Number(/Emitted (\d+) events/.exec(output)?.[1]);
  expect(emitted).toBeGreaterThanOrEqual(15);
  await signIn(page);
  await page.goto('/deliveries');
  const table = page.getByTestId('deliveries-table');
  // The CRM webhook takes every event type, so the simulator's donations arrive there.
  await expect(table).toContainText('donation.created');
  await expect(table.getByText(/Succeeded/).first()).toBeVisible();
});
