import { expect, test } from '@playwright/test';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

// Issue 14 item 5: right after the first start, the console shows a lived-in week of the
// demo: the dashboard's 7-day chart, Recent Deliveries with failures and retries, and a
// retried delivery whose every tab has real data. (Other specs add webhooks and deliveries
// of their own; this one only reads what the first start recorded.)

test('the first start shows a week of history: dashboard chart, deliveries list, every tab of a retried delivery', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);

  // Dashboard: deliveries on each of the last 7 days, the failing webhook first.
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  const chart = page.getByTestId('delivery-chart');
  await expect(chart).toHaveAttribute('data-range', 'days');
  await expect(chart.locator('.recharts-bar-rectangle').nth(6)).toBeVisible();
  await expect(page.getByTestId('total-succeeded')).not.toHaveText('0');
  // The webhooks that need attention (failing now, disabled by the 410) are listed before the healthy ones.
  const rowOf = (name: string) => page.getByTestId('dashboard-webhook').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(rowOf('Volunteer onboarding')).toContainText(/failed attempts? in a row/);
  await expect(rowOf('Legacy donor portal')).toContainText('410 Gone');
  const order = await page.getByTestId('dashboard-webhook').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-webhook-id')));
  const position = async (name: string) => order.indexOf(await rowOf(name).getAttribute('data-webhook-id'));
  for (const troubled of ['Volunteer onboarding', 'Legacy donor portal']) {
    for (const healthy of ['CRM sync (all events)', 'Registrations desk', 'Finance ledger']) expect(await position(troubled)).toBeLessThan(await position(healthy));
  }
  await screenshot(page, 'demo-week-dashboard-1280', { fullPage: true });

  // Recent Deliveries: successes and failures across webhooks, sub-organization events among them.
  await page.goto('/deliveries');
  await expect(page.getByRole('heading', { level: 1, name: 'Deliveries' })).toBeVisible();
  const rows = page.getByTestId('delivery-row');
  await expect(rows).toHaveCount(25);
  await screenshot(page, 'demo-week-deliveries-1280', { fullPage: true });
  await page.getByTestId('filter-status').selectOption('FAILED');
  await expect(rows.first()).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // A delivery of the finance ledger's outage: attempts that failed with 503, then a 200.
  const webhooks = (await (await page.request.get('/api/v1/webhooks?limit=100')).json()) as { data: { webhookId: string; name: string }[] };
  const ledger = webhooks.data.find((webhook) => webhook.name === 'Finance ledger')!;
  const listed = (await (await page.request.get(`/api/v1/webhooks/${ledger.webhookId}/deliveries?limit=100&status=SUCCEEDED`)).json()) as {
    data: { id: string; attemptCount: number }[];
  };
  let retried: { id: string; attemptCount: number } | undefined;
  for (const candidate of listed.data.filter((delivery) => delivery.attemptCount > 1)) {
    const { attempts } = (await (await page.request.get(`/api/v1/deliveries/${candidate.id}`)).json()) as { attempts: { response: { status: number } | null }[] };
    if (attempts[0].response?.status === 503) {
      retried = candidate;
      break;
    }
  }
  expect(retried, 'a finance ledger delivery of the outage: refused with 503, then accepted').toBeTruthy();
  await page.goto(`/deliveries/${retried!.id}`);
  const attempts = page.getByTestId('attempt-item');
  await expect(attempts).toHaveCount(retried!.attemptCount);
  await expect(page.locator('[data-testid="attempt-item"][data-attempt="1"]').getByTestId('attempt-outcome')).toHaveText('503');
  await expect(page.locator(`[data-testid="attempt-item"][data-attempt="${retried!.attemptCount}"]`).getByTestId('attempt-outcome')).toHaveText('200');
  const tabs = page.getByTestId('delivery-tabs');
  await expect(tabs.getByTestId('payload-body')).toContainText('"type": "');
  await tabs.getByRole('tab', { name: 'Request' }).click();
  await expect(tabs.getByTestId('request-headers').locator('tr', { hasText: /^webhook-id/ }).locator('td')).toHaveText(retried!.id);
  await expect(tabs.getByTestId('request-body')).toContainText('"type": "');
  await tabs.getByRole('tab', { name: 'Response' }).click();
  await expect(tabs.getByTestId('response-status')).toContainText('200');
  await expect(tabs.getByTestId('response-body')).toContainText('"received":true');
  await screenshot(page, 'demo-week-delivery-1280', { fullPage: true });
});
