import { expect, test } from '@playwright/test';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

test('the API reference lists every operation with a curl example, from the OpenAPI document', async ({ page, request }) => {
  const document = await (await request.get('/api/v1/openapi.json')).json();
  expect(document.openapi).toBe('3.1.0');
  const operations = Object.values(document.paths as Record<string, Record<string, unknown>>).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
  await signIn(page);
  await page.goto('/api-keys');
  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
  await expect(page.getByTestId('api-operation')).toHaveCount(operations);
  await expect(page.getByTestId('api-operation').first()).toContainText('curl -X POST');
  await screenshot(page, 'api-reference');
});
