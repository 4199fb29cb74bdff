import { expect, test } from '@playwright/test';
import { tidings } from './support/cli';
import { screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';

const VIEWER = { email: 'forms-viewer@example.com', password: 'forms-viewer-password' };

test('an admin adds a form, sees it listed and offered by the API, then updates it by external id', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const name = `Golf Classic ${suffix}`;
  const externalId = `e2e-golf-${suffix}`;
  await signIn(page);
  await page.goto('/forms');
  await expect(page.getByTestId('forms-table')).toContainText('Spring Gala 2027 Registration');
  await page.getByRole('button', { name: 'Add form' }).click();
  const form = page.getByTestId('add-form-form');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();

  await form.getByRole('button', { name: 'Add form' }).click();
  await expect(form.getByText('Enter the name of the form')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('External id (optional)').fill(externalId);
  await page.getByLabel('Status', { exact: true }).selectOption('draft');
  await screenshotWideAndNarrow(page, 'forms-add');
  await form.getByRole('button', { name: 'Add form' }).click();
  await expect(page.getByTestId('form-saved')).toContainText(`Added “${name}”`);
  await expect(form).toBeHidden();
  const row = page.getByTestId('forms-table').getByRole('row').filter({ hasText: externalId });
  await expect(row).toContainText(name);
  await expect(row).toContainText('Draft');

  // The same form, offered by the API the integrators and the webhook settings use.
  const listed = await page.request.get('/api/v1/forms?limit=100');
  expect(listed.status()).toBe(200);
  const offered = (await listed.json()).data.find((item: { externalId: string | null }) => item.externalId === externalId);
  expect(offered).toMatchObject({ name, status: 'draft', formId: expect.stringMatching(/^form_/) });

  // Registering the same external id again updates that form rather than adding one.
  await page.getByRole('button', { name: 'Add form' }).click();
  await page.getByLabel('Name', { exact: true }).fill(`${name} 2027`);
  await page.getByLabel('External id (optional)').fill(externalId);
  await expect(page.getByTestId('external-id-hint')).toContainText(`Matches “${name}”`);
  await page.getByLabel('Status', { exact: true }).selectOption('published');
  await form.getByRole('button', { name: 'Update form' }).click();
  await expect(page.getByTestId('form-saved')).toContainText(`Updated “${name} 2027”`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${name} 2027`);
  await expect(row).toContainText('Published');
  await expect(row).toContainText(offered.formId);
  await screenshotWideAndNarrow(page, 'forms-list');
});

test('bad input is explained next to its field', async ({ page }) => {
  await signIn(page);
  await page.goto('/forms');
  await page.getByRole('button', { name: 'Add form' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Control characters');
  // The console checks with the same schema as the API, so the message is the API's own.
  await page.getByLabel('External id (optional)').fill('bad\tid');
  await page.getByTestId('add-form-form').getByRole('button', { name: 'Add form' }).click();
  await expect(page.getByText('The external id cannot contain control characters')).toBeVisible();
  await expect(page.getByLabel('External id (optional)')).toHaveAttribute('aria-invalid', 'true');
});

test('a viewer sees the forms but cannot add one', async ({ page, baseURL }) => {
  await tidings(['user', 'create', '--email', VIEWER.email, '--password', VIEWER.password, '--org', 'demo', '--role', 'viewer']);
  await signIn(page, VIEWER);
  await page.goto('/forms');
  await expect(page.getByTestId('forms-table')).toContainText('Spring Gala 2027 Registration');
  await expect(page.getByRole('button', { name: 'Add form' })).toHaveCount(0);
  const response = await page.request.post('/api/v1/forms', { headers: { origin: baseURL! }, data: { name: 'Viewer form' } });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('forbidden');
});
