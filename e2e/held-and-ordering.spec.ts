import { expect, test, type Page } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { withDatabase } from './support/database';
import { screenshot, screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// Issue #17 in the console: resuming a webhook that held deliveries asks "Send the N held
// deliveries / Discard them / Cancel" (toggle and menu); the failing banner on the Webhooks
// list, the webhook's page and the dashboard; the events picker's "all … events, including
// future ones"; the ordering and rate limit settings of the form.

const unique = () => Math.random().toString(36).slice(2, 8);
const rowFor = (page: Page, name: string) => page.getByTestId('webhook-row').filter({ hasText: name });

async function sendDonations(page: Page, origin: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    const response = await page.request.post('/api/v1/events', {
      data: { type: 'donation.cancelled', data: { donation: { id: 70_000 + index, amount_in_cents: 500 } } },
      headers: { origin },
    });
    expect(response.status()).toBe(202);
  }
}

test('resuming a paused webhook with held deliveries: the dialog sends them, or discards them', async ({ page, baseURL }) => {
  const receiver = await new Receiver().start();
  try {
    await signIn(page);
    const sendName = `E2E held send ${unique()}`;
    const discardName = `E2E held discard ${unique()}`;
    await createWebhook(page.request, baseURL!, { name: sendName, url: receiver.url('/send'), events: ['donation.cancelled'], status: 'PAUSED', pingOnCreate: false });
    await createWebhook(page.request, baseURL!, { name: discardName, url: receiver.url('/discard'), events: ['donation.cancelled'], status: 'PAUSED', pingOnCreate: false });
    await sendDonations(page, baseURL!, 3);

    await page.goto('/webhooks');
    await expect(rowFor(page, sendName).getByTestId('held-count')).toHaveText('3 held');
    // The toggle asks first.
    await rowFor(page, sendName).getByTestId('status-toggle').click();
    const dialog = page.getByTestId('resume-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('resume-send')).toHaveText('Send the 3 held deliveries');
    await expect(dialog.getByTestId('resume-discard')).toHaveText('Discard them');
    await screenshot(page, 'resume-dialog-1280');
    await dialog.getByTestId('resume-cancel').click();
    await expect(dialog).toBeHidden();
    await expect(rowFor(page, sendName).getByTestId('webhook-status')).toHaveAttribute('data-status', 'PAUSED');

    await rowFor(page, sendName).getByTestId('status-toggle').click();
    await page.getByTestId('resume-send').click();
    await expect(page.getByTestId('webhooks-notice')).toContainText('3 held deliveries are being sent');
    await receiver.waitForCount('/send', 3);
    await expect(rowFor(page, sendName).getByTestId('webhook-status')).toHaveAttribute('data-status', 'ACTIVE');

    // The menu's Resume asks the same; this time the held deliveries are discarded.
    await rowFor(page, discardName).getByTestId('webhook-actions').click();
    await page.getByTestId('webhook-menu').getByRole('menuitem', { name: 'Resume' }).click();
    await page.getByTestId('resume-discard').click();
    await expect(page.getByTestId('webhooks-notice')).toContainText('3 held deliveries were discarded');
    await expect(rowFor(page, discardName).getByTestId('webhook-status')).toHaveAttribute('data-status', 'ACTIVE');
    await page.waitForTimeout(1_000);
    expect(receiver.on('/discard')).toHaveLength(0);
  } finally {
    await receiver.stop();
  }
});

test('held deliveries show with their own status and filter on the webhook page', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E held list ${unique()}`;
  const webhook = await createWebhook(page.request, baseURL!, { name, url: 'https://example.com/held', events: ['donation.cancelled'], status: 'PAUSED', pingOnCreate: false });
  await sendDonations(page, baseURL!, 2);
  await page.goto(`/webhooks/${webhook.webhookId}/deliveries?status=HELD`);
  await expect(page.getByTestId('held-notice')).toContainText('2 held deliveries waiting for a resume');
  await expect(page.getByTestId('delivery-row')).toHaveCount(2);
  await expect(page.getByTestId('delivery-row').first().getByTestId('delivery-status')).toContainText('Held');
  await screenshotWideAndNarrow(page, 'webhook-held-deliveries');
});

test('a failing webhook shows a banner on the Webhooks list, its page and the dashboard', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E failing ${unique()}`;
  const webhook = await createWebhook(page.request, baseURL!, { name, url: 'https://example.com/failing', events: ['donation.cancelled'], pingOnCreate: false });
  // Failing for 30 hours (two warnings sent): set in the database rather than waited for.
  await withDatabase((client) =>
    client.query(`update "Webhook" set "failingSince" = now() - interval '30 hours', "consecutiveFailures" = 40, "failingWarnedLevel" = 2 where id = $1`, [webhook.webhookId]),
  );
  const warning = (where: Page) => where.getByTestId('failing-warning').filter({ hasText: name });
  await page.goto('/webhooks');
  await expect(warning(page)).toContainText(/is failing since .+; will be disabled on .+ unless a delivery succeeds\./);
  await screenshotWideAndNarrow(page, 'webhooks-failing-banner');
  await page.goto(`/webhooks/${webhook.webhookId}/deliveries`);
  await expect(page.getByTestId('failing-warning')).toContainText('will be disabled on');
  await screenshot(page, 'webhook-failing-banner-1280', { fullPage: true });
  await page.goto('/');
  await expect(warning(page)).toBeVisible();
  await screenshot(page, 'dashboard-failing-banner-1280', { fullPage: true });
  // A success clears it (the worker would write this).
  await withDatabase((client) =>
    client.query(`update "Webhook" set "failingSince" = null, "consecutiveFailures" = 0, "failingWarnedLevel" = 0 where id = $1`, [webhook.webhookId]),
  );
  await page.goto('/webhooks');
  await expect(page.getByTestId('webhooks-table')).toBeVisible();
  await expect(warning(page)).toHaveCount(0);
});

test('the events picker offers a whole group including future types; the form sets ordering and a rate limit', async ({ page }) => {
  await signIn(page);
  await page.goto('/webhooks/new');
  const name = `E2E pattern ${unique()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('URL', { exact: true }).fill('https://example.com/pattern');
  const donations = page.getByTestId('event-group-donations');
  const pattern = donations.locator('input[data-testid="event-group-pattern"]');
  await expect(donations).toContainText('All Donations events, including future ones');
  await pattern.check();
  // Today's three are covered by the pattern: shown ticked, not separately chosen.
  await expect(donations.locator('input[data-testid="event-option"]').first()).toBeChecked();
  await expect(donations.locator('input[data-testid="event-option"]').first()).toBeDisabled();
  await page.getByText('In order per key', { exact: true }).click();
  await page.getByTestId('rate-limit-input').fill('5');
  await screenshot(page, 'webhook-form-pattern-ordering-1280', { fullPage: true });
  await page.getByTestId('webhook-submit').click();
  await expect(page.getByTestId('created-secret-panel')).toBeVisible();

  const listed = (await (await page.request.get('/api/v1/webhooks?limit=100')).json()) as { data: { name: string; webhookId: string; events: string[]; ordering: string; maxRequestsPerSecond: number | null }[] };
  const created = listed.data.find((webhook) => webhook.name === name)!;
  expect(created.events).toEqual(['donation.*']);
  expect(created.ordering).toBe('key');
  expect(created.maxRequestsPerSecond).toBe(5);

  // Editing shows them back, and clearing the limit removes it.
  await page.goto(`/webhooks/${created.webhookId}/edit`);
  await expect(page.getByTestId('event-group-donations').locator('input[data-testid="event-group-pattern"]')).toBeChecked();
  await expect(page.getByTestId('rate-limit-input')).toHaveValue('5');
  await expect(page.getByRole('radio', { name: /In order per key/ })).toBeChecked();
  await page.getByTestId('rate-limit-input').fill('');
  await page.getByRole('radio', { name: /As they come/ }).check();
  await screenshotWideAndNarrow(page, 'webhook-edit-ordering');
  await page.getByTestId('webhook-submit').click();
  await expect(async () => {
    const fetched = (await (await page.request.get(`/api/v1/webhooks/${created.webhookId}`)).json()) as { ordering: string; maxRequestsPerSecond: number | null };
    expect(fetched).toMatchObject({ ordering: 'none', maxRequestsPerSecond: null });
  }).toPass();
});
