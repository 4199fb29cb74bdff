import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { tidings } from './support/cli';
import { screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';

// Unique per run: `user create` refuses an email that already has an account (a retry would meet it).
const VIEWER = { email: `audit-viewer-${Date.now().toString(36)}@example.com`, password: 'audit-viewer-password' };

test('an admin reads who changed what, and narrows it by action, target and actor', async ({ page, baseURL }) => {
  await signIn(page);
  const origin = new URL(baseURL!).origin;
  // Changes made in the console's name (the session), then by the CLI.
  const created = await page.request.post('/api/v1/webhooks', {
    headers: { origin },
    data: { url: 'https://example.com/audited', events: ['donation.created'], name: 'Audited hook', apiToken: 'e2e-token-never-shown' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { webhookId } = (await created.json()) as { webhookId: string };
  const renamed = await page.request.patch(`/api/v1/webhooks/${webhookId}`, { headers: { origin }, data: { name: 'Audited hook, renamed', timeoutSeconds: 20 } });
  expect(renamed.status()).toBe(200);
  expect((await page.request.patch(`/api/v1/webhooks/${webhookId}`, { headers: { origin }, data: { status: 'PAUSED' } })).status()).toBe(200);
  await tidings(['user', 'create', '--email', VIEWER.email, '--password', VIEWER.password, '--org', 'demo', '--role', 'viewer']);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).filter({ visible: true }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/audit-log$/);
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('webhook.paused');
  await expect(table).toContainText('user.signed_in');
  await expect(table).toContainText('user.added');
  // Newest first: the CLI's user.added of this test (other specs add users too).
  await expect(page.getByTestId('audit-row').filter({ hasText: 'user.added' }).first()).toContainText('CLI');
  // The update shows before → after of the changed fields only; the token never.
  const update = page.getByTestId('audit-row').filter({ hasText: 'webhook.updated' });
  await expect(update).toContainText('name: Audited hook → Audited hook, renamed');
  await expect(update).toContainText('timeoutSeconds: 15 → 20');
  await expect(page.getByText('e2e-token-never-shown')).toHaveCount(0);
  await screenshotWideAndNarrow(page, 'audit-log');

  // By action: kept in the URL, so the view can be shared.
  await page.getByTestId('filter-action').selectOption('webhook.updated');
  await expect(page).toHaveURL(/action=webhook\.updated/);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('filter-action')).toHaveValue('webhook.updated');

  // Any webhook action, for this webhook only.
  await page.getByTestId('filter-action').selectOption('webhook.*');
  await page.getByTestId('filter-target').fill(webhookId);
  await page.getByTestId('apply-filters').click();
  await expect(page.getByTestId('audit-action')).toHaveText(['webhook.paused', 'webhook.updated', 'webhook.created']);
  await screenshotWideAndNarrow(page, 'audit-log-filtered');

  // By actor: the CLI made the viewer; the admin made none of the user rows but the sign-in.
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByTestId('filter-actor').fill('cli');
  await page.getByTestId('apply-filters').click();
  await expect(page.getByTestId('audit-action').first()).toHaveText('user.added');
  await page.getByTestId('filter-actor').fill(E2E_ADMIN.email);
  await page.getByTestId('filter-action').selectOption('user.added');
  await expect(page.getByTestId('audit-empty')).toContainText('No audit rows match');

  // A viewer has no Audit log: not in the menu, and the API says 403.
  await page.context().clearCookies();
  await signIn(page, VIEWER);
  await expect(page.getByRole('navigation', { name: 'Main' }).filter({ visible: true }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/audit-log')).status()).toBe(403);
  await page.goto('/audit-log');
  await expect(page.getByTestId('viewer-notice')).toBeVisible();
});
