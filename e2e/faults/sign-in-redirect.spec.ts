import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

// Issue 12 item 6: a sign-in link whose callbackUrl names another site lands on the console.
// Each value is tried as written in a link (the browser decodes the query once) and
// percent-encoded (the page receives it verbatim); lib/auth/safe-callback-url.test.ts has
// the full table.

const HOSTILE = ['/\\evil.example', '/%5Cevil.example', '/%09/evil.example', '//evil.example', 'https://evil.example'];

test('every hostile callbackUrl signs in to the console home on this origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const visited: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest()) visited.push(request.url());
  });
  for (const value of HOSTILE) {
    for (const query of [`callbackUrl=${value}`, `callbackUrl=${encodeURIComponent(value)}`]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?${query}`);
      await page.getByLabel('Email').fill(E2E_ADMIN.email);
      await page.getByLabel('Password').fill(E2E_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('signed-in-user')).toContainText(E2E_ADMIN.email);
      const landed = new URL(page.url());
      expect(landed.origin, `/sign-in?${query}`).toBe(origin);
      expect(landed.pathname, `/sign-in?${query}`).toBe('/');
      console.log(`/sign-in?${query} → ${landed.href}`);
    }
  }
  expect(visited.filter((url) => !url.startsWith(origin))).toEqual([]);
  console.log(`no navigation left ${origin} (${visited.length} navigations)`);
});

test('a deep link survives sign-in: /webhooks sends to sign-in and back to /webhooks', async ({ page, baseURL }) => {
  await page.goto('/webhooks');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fwebhooks$/);
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${new URL(baseURL!).origin}/webhooks`);
});

test('next-auth’s own redirects stay on this origin too (sign-out with a foreign callbackUrl)', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const value of HOSTILE) {
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const response = await page.request.post('/api/auth/signout', { form: { csrfToken, callbackUrl: value, json: 'true' } });
    expect(response.status()).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url).origin, value).toBe(origin);
    expect(new URL(url).pathname, value).toBe('/');
  }
  console.log('POST /api/auth/signout with each hostile callbackUrl → a URL on this origin');
});
