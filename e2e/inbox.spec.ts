import { expect, test, type Page } from '@playwright/test';
import { tidings } from './support/cli';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

const SEEDED_INBOXES = ['CRM sync', 'Registrations desk', 'Finance ledger'];

async function webhookIdByName(page: Page, name: string): Promise<string> {
  const response = await page.request.get('/api/v1/webhooks?limit=100');
  expect(response.status()).toBe(200);
  const { data } = (await response.json()) as { data: { webhookId: string; name: string }[] };
  const webhook = data.find((candidate) => candidate.name === name);
  if (!webhook) throw new Error(`no webhook named ${name}`);
  return webhook.webhookId;
}

test('the inbox shows what the seeded webhooks sent, verified, and new test deliveries as they arrive', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole('heading', { name: 'Request inbox', level: 1 })).toBeVisible();

  const list = page.getByTestId('inbox-list');
  for (const name of SEEDED_INBOXES) await expect(list.getByTestId('inbox-item').filter({ hasText: name })).toBeVisible();

  await list.getByTestId('inbox-item').filter({ hasText: 'Finance ledger' }).click();
  const selected = page.getByTestId('selected-inbox');
  await expect(selected.getByRole('heading', { name: 'Finance ledger' })).toBeVisible();
  await expect(page.getByTestId('inbox-url')).toHaveValue(/^http:\/\/localhost:\d+\/inbox\/[A-Za-z0-9_-]+$/);
  // Other specs may point webhooks of their own at this inbox and fill it with test deliveries.
  await expect(selected).toContainText(/Webhooks delivering here:.*Finance ledger/);

  // The ping the seed sent when it created the webhook, verified against the webhook's secret.
  const ping = page.getByTestId('inbox-request').filter({ hasText: 'ping' }).first();
  const older = page.getByRole('button', { name: 'Load older requests' });
  for (let page_ = 0; page_ < 20 && !(await ping.isVisible()); page_ += 1) {
    if (!(await older.isVisible())) break;
    await older.click();
    await page.waitForTimeout(300);
  }
  await expect(ping.getByTestId('signature-status')).toHaveText('Signature valid');
  await ping.getByRole('button', { expanded: false }).click();
  await expect(ping.getByTestId('request-body')).toContainText('"type": "ping"');
  await expect(ping.getByTestId('request-headers')).toContainText('webhook-signature');
  await expect(ping).toContainText("signature verified with the webhook's current secret");
  await expect(page.locator('body')).not.toContainText('whsec_');

  // A test event sent through the API shows up by itself, verified.
  const webhookId = await webhookIdByName(page, 'Finance ledger');
  const sent = await page.request.post(`/api/v1/webhooks/${webhookId}/test`, {
    data: { event: 'donation.created' },
    headers: { origin: baseURL! },
  });
  expect(sent.status()).toBe(202);
  const { deliveryId } = (await sent.json()) as { deliveryId: string };
  const arrived = page.locator(`[data-testid="inbox-request"][data-delivery-id="${deliveryId}"]`);
  await expect(arrived.getByTestId('signature-status')).toHaveText('Signature valid');
  await expect(arrived).toContainText('donation.created');
  await expect(arrived).toContainText('test');
  await expect(page.getByTestId('inbox-request').first()).toHaveAttribute('data-delivery-id', deliveryId);
  await arrived.getByRole('button', { expanded: false }).click();
  await expect(arrived.getByTestId('request-body')).toContainText('"test": true');
  await screenshot(page, 'inbox-1280', { fullPage: true });

  // A request that did not come from Tidings is recorded but not vouched for.
  const inboxPath = new URL(await page.getByTestId('inbox-url').inputValue()).pathname;
  const stranger = await page.request.post(inboxPath, { data: { hello: 'world' } });
  expect(stranger.status()).toBe(200);
  await expect(page.getByTestId('inbox-request').first().getByTestId('signature-status')).toHaveText('Not a Tidings delivery');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('inbox-url')).toBeVisible();
  await screenshot(page, 'inbox-390', { fullPage: true });
});

test('an admin creates an inbox and gets its URL; bad names are refused inline', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.goto('/inbox');
  const form = page.getByTestId('create-inbox-form');
  await form.getByRole('button', { name: 'Create inbox' }).click();
  await expect(form.getByRole('alert')).toHaveText('Give the inbox a name');
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  const name = `E2E receiver ${Date.now()}`;
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  await expect(page.getByTestId('inbox-created')).toBeVisible();
  const selected = page.getByTestId('selected-inbox');
  await expect(selected.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('inbox-url')).toHaveValue(/\/inbox\/[A-Za-z0-9_-]{16}$/);
  await expect(page.getByTestId('inbox-empty')).toBeVisible();
  await expect(page.getByTestId('inbox-list').getByTestId('inbox-item').filter({ hasText: name })).toHaveAttribute('aria-current', 'page');
  await expect(form.getByLabel('Name')).toHaveValue('');

  // An unknown inbox id is a 404, as another organization's would be.
  const missing = await page.request.get('/api/v1/inboxes/inbox_00000000000000000000000000/requests');
  expect(missing.status()).toBe(404);
});

test('a viewer reads the inbox but cannot create one', async ({ page }) => {
  const viewer = { email: `inbox-viewer-${Date.now()}@example.com`, password: 'viewer-password' };
  await tidings(['user', 'create', '--email', viewer.email, '--password', viewer.password, '--org', 'demo', '--role', 'viewer']);
  await signIn(page, viewer);
  await page.goto('/inbox');
  await expect(page.getByTestId('inbox-list').getByTestId('inbox-item').filter({ hasText: 'CRM sync' })).toBeVisible();
  await expect(page.getByTestId('create-inbox-form')).toHaveCount(0);
  await expect(page.getByTestId('inbox-request').first().getByTestId('signature-status')).toBeVisible();
});
