import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

test('a signed-out visitor is sent to sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Sign in to Tidings' })).toBeVisible();
});

test('the seeded admin signs in, sees the seeded webhooks, and signs out', async ({ page }) => {
  await signIn(page);
  // Signing in lands on the dashboard; the webhooks are one click away.
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/webhooks');
  // Other specs add webhooks of their own; the three seeded ones must be there.
  await expect(page.getByTestId('webhooks-table')).toContainText('CRM sync (all events)');
  await expect(page.getByTestId('webhooks-table')).toContainText('Registrations desk');
  await expect(page.getByTestId('webhooks-table')).toContainText('Finance ledger');
  await expect(page.getByTestId('organization-name')).toHaveText('Demo Nation');
  await screenshot(page, 'webhooks', { fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/webhooks');
  await expect(page).toHaveURL(/\/sign-in/);
  const response = await page.request.get('/api/v1/webhooks');
  expect(response.status()).toBe(401);
});

test('a wrong password shows an error and creates no session', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Incorrect email or password.');
  await screenshot(page, 'sign-in-error', { fullPage: true });
  const cookies = await page.context().cookies();
  expect(cookies.some((cookie) => cookie.name.includes('session-token'))).toBe(false);
  const response = await page.request.get('/api/v1/webhooks');
  expect(response.status()).toBe(401);
});

test('health reports the database and the queue', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok', queue: 'ok' });
});

test('console changes need a same-origin Origin header', async ({ page, baseURL }) => {
  await signIn(page);
  const body = { url: 'https://example.com/csrf', events: ['contact.created'] };
  for (const origin of ['https://evil.example', 'null']) {
    const response = await page.request.post('/api/v1/webhooks', { data: body, headers: { origin } });
    expect(response.status(), origin).toBe(403);
    expect((await response.json()).error.code).toBe('origin_mismatch');
  }
  const same = await page.request.post('/api/v1/webhooks', { data: body, headers: { origin: baseURL! } });
  expect(same.status()).toBe(201);
  const created = await same.json();
  const removed = await page.request.delete(`/api/v1/webhooks/${created.webhookId}`, { headers: { origin: baseURL! } });
  expect(removed.status()).toBe(204);
});
