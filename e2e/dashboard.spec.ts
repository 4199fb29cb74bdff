import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

const SEEDED_WEBHOOKS = ['CRM sync (all events)', 'Registrations desk', 'Finance ledger'];

function webhookRow(page: Page, name: string) {
  return page.getByTestId('dashboard-webhook').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('the dashboard charts deliveries and lists the seeded webhooks with their volumes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');

  // Each seeded webhook was pinged at start; once delivered, the ping counts as succeeded.
  // The dashboard refreshes itself, so this waits for the worker rather than racing it.
  for (const name of SEEDED_WEBHOOKS) {
    const row = webhookRow(page, name);
    await expect(row).toHaveAttribute('data-succeeded-7d', /^[1-9]\d*$/);
    await expect(row.getByTestId('webhook-volume')).toContainText(/[1-9]\d* in 7 d/);
    await expect(row.getByTestId('webhook-success-rate')).toContainText('%');
  }
  await expect(page.getByTestId('total-succeeded')).not.toHaveText('0');

  const chart = page.getByTestId('delivery-chart');
  await expect(chart).toHaveAttribute('data-range', 'hours');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toBeVisible();
  await screenshot(page, 'dashboard-1280', { fullPage: true });

  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(page.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(chart).toHaveAttribute('data-range', 'days');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();

  // A webhook's name leads to its deliveries.
  const crm = webhookRow(page, 'CRM sync (all events)');
  const webhookId = await crm.getAttribute('data-webhook-id');
  await crm.getByRole('link', { name: 'CRM sync (all events)', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${webhookId}/deliveries$`));
});

test('a failing webhook is listed before the healthy ones', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  // Nothing listens on the discard port: every attempt is refused. The fixed policy's
  // retries (60 s, scaled by the tests' TIDINGS_RETRY_SCALE) run out within seconds.
  const created = await page.request.post('/api/v1/webhooks', {
    data: { name: `Dashboard refused ${Date.now()}`, url: 'http://127.0.0.1:9/hook', events: ['donation.created'], retryPolicy: 'fixed' },
    headers: { origin: baseURL! },
  });
  expect(created.status()).toBe(201);
  const webhook = (await created.json()) as { webhookId: string; name: string };
  try {
    // Load the dashboard after the webhook exists; from there it refreshes itself.
    await page.goto('/');
    const row = page.locator(`[data-testid="dashboard-webhook"][data-webhook-id="${webhook.webhookId}"]`);
    await expect(row).toContainText(/failed attempts? in a row/);
    const order = await page.getByTestId('dashboard-webhook').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-webhook-id')));
    const failingAt = order.indexOf(webhook.webhookId);
    for (const name of SEEDED_WEBHOOKS) {
      const seededId = await webhookRow(page, name).getAttribute('data-webhook-id');
      expect(failingAt).toBeLessThan(order.indexOf(seededId));
    }
    // Once its ping has exhausted its retries, the webhook's success rate is 0 %.
    await expect(row.getByTestId('webhook-success-rate')).toHaveText(/^0\s?%$/, { timeout: 30_000 });

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('delivery-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await screenshot(page, 'dashboard-390', { fullPage: true });
  } finally {
    // Its retries would otherwise run on while the later specs do.
    await page.request.delete(`/api/v1/webhooks/${webhook.webhookId}`, { headers: { origin: baseURL! } });
  }
});
