import { expect, test } from '@playwright/test';
import { screenshot, screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';

// An organization hosting a CharityStack-style platform sets its default webhook format once
// in Settings; the console's create form then starts from it (and so does the API, for a
// client registering as CharityStack's document shows: tests/organization-default-format.test.ts).

test('an admin sets the default format in Settings and the create form preselects it', async ({ page, baseURL }) => {
  await signIn(page);
  try {
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await expect(page).toHaveURL(/\/settings$/);
    const section = page.getByTestId('default-format-form');
    await expect(section.getByRole('radio', { name: /Standard Webhooks/ })).toBeChecked();
    await section.getByRole('radio', { name: /CharityStack/ }).check();
    await page.getByTestId('save-default-format').click();
    await expect(page.getByTestId('default-format-saved')).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-default-format');
    await screenshotWideAndNarrow(page, 'settings-with-default-format');

    // Read back from the server, not from the page's state.
    await page.reload();
    await expect(page.getByTestId('default-format-form').getByRole('radio', { name: /CharityStack/ })).toBeChecked();

    await page.goto('/webhooks/new');
    const form = page.getByTestId('webhook-form');
    await expect(form.getByRole('radio', { name: /CharityStack/ })).toBeChecked();
    // CharityStack's document defines no ping: the form's ping switch follows the format.
    await form.getByRole('radio', { name: /CharityStack/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'new-webhook-default-format');
  } finally {
    // The demo organization is shared by the other specs: back to standard.
    const restored = await page.request.patch('/api/v1/organization', { headers: { origin: baseURL! }, data: { defaultWebhookFormat: 'standard' } });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});
