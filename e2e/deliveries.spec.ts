import { expect, test, type Page } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { tidings } from './support/cli';
import { screenshot } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// Recent Deliveries, the delivery detail (Payload / Request / Response, attempts,
// Resend), Send a Test and Replay failed, against the real worker and real receivers:
// the seeded "Finance ledger" delivers to the built-in inbox (200), a webhook of our own
// points at the discard port (nothing listens: every attempt fails), and one at a local
// server that answers with a body larger than the 20 KB that are kept.

// Unique per run: `user create` refuses an email that already has an account (a retry would meet it).
const VIEWER = { email: `deliveries-viewer-${Date.now().toString(36)}@example.com`, password: 'deliveries-viewer-password' };
const unique = () => Math.random().toString(36).slice(2, 8);

type WebhookSummary = { webhookId: string; name: string; url: string };

async function findWebhook(page: Page, name: string): Promise<WebhookSummary> {
  const response = await page.request.get('/api/v1/webhooks?limit=100');
  expect(response.status()).toBe(200);
  const { data } = (await response.json()) as { data: WebhookSummary[] };
  const webhook = data.find((candidate) => candidate.name === name);
  expect(webhook, `seeded webhook "${name}"`).toBeTruthy();
  return webhook!;
}

const drawer = (page: Page) => page.getByTestId('delivery-drawer');
const detail = (page: Page) => drawer(page).getByTestId('delivery-detail');
const row = (page: Page, deliveryId: string) => page.locator(`[data-testid="delivery-row"][data-delivery-id="${deliveryId}"]`);

async function sendTest(page: Page, eventType: string): Promise<string> {
  const panel = page.getByTestId('send-test-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('test-event-type').selectOption(eventType);
  await expect(panel.getByTestId('test-sample')).toContainText('"');
  await panel.getByTestId('send-test-submit').click();
  // The new delivery opens by itself.
  await expect(detail(page)).toBeVisible();
  const deliveryId = await detail(page).getAttribute('data-delivery-id');
  expect(deliveryId).toMatch(/^msg_/);
  return deliveryId!;
}

async function shoot(page: Page, name: string) {
  await screenshot(page, name, { fullPage: true });
}

/** The open sheet is fixed to the viewport: a full-page capture would misplace it. */
async function shootSheet(page: Page, name: string, scrollToTabs = true) {
  if (scrollToTabs) await detail(page).getByTestId('delivery-tabs').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, name);
}

test('Send a Test to Finance ledger: the delivery succeeds, its tabs show what was sent and received, Resend adds attempt 2', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  const ledger = await findWebhook(page, 'Finance ledger');

  // The webhooks list's "Send a Test" links here with ?test=1: the panel is open.
  await page.goto(`/webhooks/${ledger.webhookId}/deliveries?test=1`);
  await expect(page.getByTestId('webhook-heading')).toHaveText('Finance ledger');
  await expect(page.getByTestId('webhook-url')).toHaveText(ledger.url);
  await expect(page.getByRole('link', { name: '← Webhooks' })).toHaveAttribute('href', '/webhooks');
  const panel = page.getByTestId('send-test-panel');
  await expect(panel).toBeVisible();
  // Catalog labels, grouped by catalog group.
  const select = panel.getByTestId('test-event-type');
  await expect(select.locator('optgroup[label="Registrations"] option[value="registration.created"]')).toHaveText('Registration');
  await expect(select.locator('optgroup[label="Subscriptions"] option[value="subscription.processed"]')).toHaveText('Subscription processed');
  await expect(select.locator('optgroup[label="Forms"] option[value="form.published"]')).toHaveText('Form publish');
  await expect(select.locator('optgroup[label="Coupons"] option[value="coupon.created"]')).toHaveText('Coupon created');
  // A ping is Tidings' own; it cannot be sent as a test.
  await expect(select.locator('option[value="ping"]')).toHaveCount(0);
  await select.selectOption('donation.created');
  await expect(panel.getByTestId('test-sample')).toContainText('"donation"');
  await shoot(page, 'deliveries-send-test-1280');

  const deliveryId = await sendTest(page, 'donation.created');
  await expect(detail(page)).toHaveAttribute('data-status', 'SUCCEEDED');
  await expect(detail(page).getByTestId('attempt-item')).toHaveCount(1);
  const first = detail(page).locator('[data-testid="attempt-item"][data-attempt="1"]');
  await expect(first).toHaveAttribute('data-trigger', 'test');
  await expect(first.getByTestId('attempt-outcome')).toHaveText('200');

  // Payload: the event as stored, pretty-printed.
  const tabs = detail(page).getByTestId('delivery-tabs');
  await expect(tabs.getByRole('tab', { name: 'Payload' })).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.getByTestId('payload-body')).toContainText('"type": "donation.created"');
  await expect(tabs.getByTestId('payload-body')).toContainText('"test": true');
  await shootSheet(page, 'deliveries-detail-payload-1280', false);

  // Request: URL, signed headers as a table, the Standard Webhooks body.
  await tabs.getByRole('tab', { name: 'Request' }).click();
  await expect(tabs.getByTestId('request-url')).toContainText(ledger.url);
  const requestHeaders = tabs.getByTestId('request-headers');
  await expect(requestHeaders.locator('th', { hasText: /^webhook-signature$/ })).toHaveCount(1);
  await expect(requestHeaders.locator('tr', { hasText: 'webhook-signature' }).locator('td')).toContainText(/^v1,/);
  await expect(requestHeaders.locator('tr', { hasText: /^webhook-id/ }).locator('td')).toHaveText(deliveryId);
  await expect(tabs.getByTestId('request-body')).toContainText('"type": "donation.created"');
  await expect(tabs.getByTestId('request-body')).toContainText('"test": true');
  await shootSheet(page, 'deliveries-detail-request-1280');

  // Keyboard: arrows move between tabs.
  await tabs.getByRole('tab', { name: 'Request' }).press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'Response' })).toBeFocused();
  await expect(tabs.getByRole('tab', { name: 'Response' })).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.getByTestId('response-status')).toContainText('200');
  await expect(tabs.getByTestId('response-headers')).toContainText('content-type');
  await expect(tabs.getByTestId('response-body')).toBeVisible();
  await expect(tabs.getByTestId('response-truncated')).toHaveCount(0);
  await shootSheet(page, 'deliveries-detail-response-1280');

  // Resend: a new attempt of the same delivery, which appears by itself.
  await detail(page).getByTestId('resend-delivery').click();
  const second = detail(page).locator('[data-testid="attempt-item"][data-attempt="2"]');
  await expect(second).toHaveAttribute('data-trigger', 'resend');
  await expect(second.getByTestId('attempt-outcome')).toHaveText('200');
  await expect(detail(page)).toHaveAttribute('data-status', 'SUCCEEDED');
  await expect(detail(page).getByTestId('delivery-attempt-count')).toHaveText('2');
  // The tabs follow the newest attempt; the same webhook-id on every attempt.
  await tabs.getByRole('tab', { name: 'Request' }).click();
  await expect(tabs.getByTestId('shown-attempt')).toContainText('Attempt #2 (resend)');
  await expect(tabs.getByTestId('request-headers').locator('tr', { hasText: /^webhook-id/ }).locator('td')).toHaveText(deliveryId);
  // Attempt 1 can still be inspected.
  await first.getByRole('button').click();
  await expect(tabs.getByTestId('shown-attempt')).toContainText('Attempt #1 (test)');

  // Escape closes the sheet; the row shows the outcome.
  await page.keyboard.press('Escape');
  await expect(drawer(page)).toBeHidden();
  await expect(page).not.toHaveURL(/delivery=/);
  const ourRow = row(page, deliveryId);
  await expect(ourRow).toHaveAttribute('data-status', 'SUCCEEDED');
  await expect(ourRow.getByTestId('delivery-status')).toHaveText('Succeeded');
  await expect(ourRow.getByTestId('delivery-response')).toHaveText('200');
  await expect(ourRow.getByTestId('delivery-attempts')).toHaveText('2');
  await expect(ourRow.getByTestId('delivery-duration')).toHaveText(/\d+(\.\d+)? (ms|s)$/);
  await expect(ourRow).toContainText('test');

  // Enter on a focused row opens it again; the address can be shared.
  await ourRow.focus();
  await page.keyboard.press('Enter');
  await expect(detail(page)).toHaveAttribute('data-delivery-id', deliveryId);
  await expect(page).toHaveURL(new RegExp(`delivery=${deliveryId}`));
  await page.getByTestId('close-delivery').click();
  await expect(drawer(page)).toBeHidden();
  await expect(ourRow).toBeFocused();

  // Filters: by status, by event type; they live in the URL.
  await page.getByTestId('filter-status').selectOption('FAILED');
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(ourRow).toHaveCount(0);
  await page.getByTestId('filter-status').selectOption('SUCCEEDED');
  await expect(ourRow).toBeVisible();
  await expect(page.locator('[data-testid="delivery-row"]:not([data-status="SUCCEEDED"])')).toHaveCount(0);
  await page.getByTestId('filter-event').selectOption('ping');
  await expect(ourRow).toHaveCount(0);
  await expect(page.getByTestId('delivery-event').first()).toHaveText('ping');
  await page.getByTestId('filter-event').selectOption('donation.created');
  await expect(ourRow).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/status=/);
  await shoot(page, 'deliveries-webhook-list-1280');

  // The detail page of its own.
  await page.goto(`/deliveries/${deliveryId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Donation created' })).toBeVisible();
  await expect(page.getByTestId('attempt-item')).toHaveCount(2);
});

test('all deliveries: the webhook column, filters, Load more and the empty state', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  const ledger = await findWebhook(page, 'Finance ledger');
  // Enough deliveries for a second page: 26 tests to a webhook of our own.
  const hook = await createWebhook(page.request, baseURL!, { name: `E2E paging ${unique()}`, url: ledger.url, events: ['donation.created'] });
  for (let index = 0; index < 26; index += 1) {
    const sent = await page.request.post(`/api/v1/webhooks/${hook.webhookId}/test`, { data: { event: 'coupon.redeemed' }, headers: { origin: baseURL! } });
    expect(sent.status()).toBe(202);
  }

  await page.goto('/deliveries');
  await expect(page.getByRole('heading', { level: 1, name: 'Deliveries' })).toBeVisible();
  await expect(page.getByTestId('deliveries-table').getByRole('columnheader', { name: 'Webhook' })).toBeVisible();
  await page.getByTestId('filter-webhook').selectOption(hook.webhookId);
  await expect(page).toHaveURL(new RegExp(`webhookId=${hook.webhookId}`));
  const rows = page.getByTestId('delivery-row');
  await expect(rows).toHaveCount(25);
  await expect(rows.first().getByTestId('delivery-webhook')).toHaveText(hook.name);
  await page.getByTestId('load-more').click();
  // 26 tests and the creation ping.
  await expect(rows).toHaveCount(27);
  await expect(page.getByTestId('load-more')).toHaveCount(0);
  await expect(page.locator('[data-testid="delivery-row"][data-status="SUCCEEDED"]')).toHaveCount(27);
  await expect(page.getByTestId('live-indicator')).toHaveCount(0);
  await shoot(page, 'deliveries-all-1280');

  // A filter that matches nothing explains itself.
  await page.getByTestId('filter-event').selectOption('ticket.cancelled');
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries match these filters.');

  // A webhook with no deliveries but its ping, filtered to what it never had.
  await page.goto(`/webhooks/${hook.webhookId}/deliveries?status=RETRYING`);
  await expect(page.getByTestId('deliveries-empty')).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/deliveries?webhookId=${hook.webhookId}`);
  await expect(rows.first()).toBeVisible();
  await shoot(page, 'deliveries-all-390');
});

test('a failing webhook: the test fails with its error, then Replay failed queues it again', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  // Nothing listens on the discard port: every attempt is refused.
  const hook = await createWebhook(page.request, baseURL!, { name: `E2E failing ${unique()}`, url: 'http://127.0.0.1:9/', events: ['donation.created'] });

  await page.goto(`/webhooks/${hook.webhookId}/deliveries?test=1`);
  const deliveryId = await sendTest(page, 'donation.created');
  // A test is not retried: it fails at once.
  await expect(detail(page)).toHaveAttribute('data-status', 'FAILED');
  const tabs = detail(page).getByTestId('delivery-tabs');
  await tabs.getByRole('tab', { name: 'Response' }).click();
  await expect(tabs.getByTestId('attempt-error')).toContainText('No response was received.');
  const attemptError = (await tabs.getByTestId('attempt-error').textContent()) ?? '';
  expect(attemptError.length).toBeGreaterThan('No response was received.'.length);
  await expect(page.getByTestId('send-test-panel').getByTestId('test-result')).toHaveAttribute('data-status', 'FAILED');
  await page.keyboard.press('Escape');

  const failedRow = row(page, deliveryId);
  await expect(failedRow.getByTestId('delivery-status')).toHaveText('Failed');
  await expect(failedRow.getByTestId('delivery-response')).not.toHaveText('—');

  // Replay failed: choose the range, confirm, see the count.
  await page.getByTestId('open-replay').click();
  const replay = page.getByTestId('replay-panel');
  // Why succeeded deliveries are left out (the API needs "includeSucceeded": true for them).
  await expect(replay.getByTestId('replay-succeeded-note')).toContainText('Deliveries that succeeded are not replayed here');
  await expect(replay.getByTestId('replay-succeeded-note')).toContainText('includeSucceeded');
  await replay.getByLabel('Failed since').fill('');
  await replay.getByTestId('replay-submit').click();
  await expect(replay.locator('#replay-since-error')).toHaveText('Choose the start of the time range');
  await replay.getByRole('button', { name: 'Last hour' }).click();
  await replay.getByLabel('Until (optional)').fill('2020-01-01T00:00');
  await replay.getByTestId('replay-submit').click();
  await expect(replay.locator('#replay-until-error')).toHaveText('The end must be after the start');
  await replay.getByLabel('Until (optional)').fill('');
  await replay.getByTestId('replay-submit').click();
  const confirm = page.getByTestId('replay-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(hook.name);
  await screenshot(page, 'deliveries-replay-confirm-1280');
  await confirm.getByTestId('replay-confirm-submit').click();
  await expect(replay.getByTestId('replay-result')).toHaveText(/^[1-9]\d* deliver(y|ies) queued$/);
  // The replayed test gets a second attempt, triggered as a resend, and fails again.
  await expect(failedRow.getByTestId('delivery-attempts')).toHaveText('2');
  await expect(failedRow).toHaveAttribute('data-status', 'FAILED');
  await failedRow.click();
  await expect(detail(page).locator('[data-testid="attempt-item"][data-attempt="2"]')).toHaveAttribute('data-trigger', 'resend');
  await page.keyboard.press('Escape');
  await shoot(page, 'deliveries-failing-1280');
});

test('a response over 20 KB is kept truncated and says so; a sub-organization event names its organization', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const big = 'x'.repeat(30 * 1024);
  const receiver = await new Receiver().start();
  receiver.reply('/hook', () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: big }));
  try {
    await signIn(page);
    const hook = await createWebhook(page.request, baseURL!, {
      name: `E2E big response ${unique()}`,
      url: receiver.url('/hook'),
      events: ['donation.created'],
      includeSubOrganizations: true,
    });
    await page.goto(`/webhooks/${hook.webhookId}/deliveries?test=1`);
    await sendTest(page, 'donation.created');
    await expect(detail(page)).toHaveAttribute('data-status', 'SUCCEEDED');
    const tabs = detail(page).getByTestId('delivery-tabs');
    await tabs.getByRole('tab', { name: 'Response' }).click();
    await expect(tabs.getByTestId('response-truncated')).toContainText('more than 20 KB');
    const shown = (await tabs.getByTestId('response-body').textContent()) ?? '';
    expect(shown).toBe('x'.repeat(20 * 1024));
    await expect(detail(page).getByTestId('event-organization')).toHaveCount(0);
    await page.keyboard.press('Escape');

    // An event of the sub-organization reaches the parent's webhook that includes them.
    const subOrganizationId = await page
      .getByTestId('organization-switcher')
      .locator('option', { hasText: 'Demo Nation East' })
      .getAttribute('value');
    expect(subOrganizationId).toMatch(/^org_/);
    const sample = (await (await page.request.get('/api/v1/event-types/donation.created/sample')).json()) as { data: unknown };
    const emitted = await page.request.post('/api/v1/events', {
      data: { type: 'donation.created', data: sample.data, organizationId: subOrganizationId },
      headers: { origin: baseURL! },
    });
    expect(emitted.status(), await emitted.text()).toBe(202);
    const list = await page.request.get(`/api/v1/webhooks/${hook.webhookId}/deliveries?event=donation.created`);
    const { data } = (await list.json()) as { data: { id: string; test: boolean }[] };
    const fromSub = data.find((delivery) => !delivery.test);
    expect(fromSub).toBeTruthy();
    await page.goto(`/webhooks/${hook.webhookId}/deliveries?delivery=${fromSub!.id}`);
    await expect(detail(page).getByTestId('event-organization')).toContainText('Demo Nation East');
  } finally {
    await receiver.stop();
  }
});

test('phone width: list, detail tabs and Send a Test stay readable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  const ledger = await findWebhook(page, 'Finance ledger');
  await page.goto(`/webhooks/${ledger.webhookId}/deliveries?test=1`);
  await page.getByTestId('test-event-type').selectOption('registration.created');
  await expect(page.getByTestId('test-sample')).toContainText('"');
  await shoot(page, 'deliveries-send-test-390');
  await sendTest(page, 'registration.created');
  await expect(detail(page)).toHaveAttribute('data-status', 'SUCCEEDED');
  await shootSheet(page, 'deliveries-detail-payload-390', false);
  const tabs = detail(page).getByTestId('delivery-tabs');
  await tabs.getByRole('tab', { name: 'Request' }).click();
  await expect(tabs.getByTestId('request-headers')).toContainText('webhook-signature');
  await shootSheet(page, 'deliveries-detail-request-390');
  await tabs.getByRole('tab', { name: 'Response' }).click();
  await expect(tabs.getByTestId('response-status')).toContainText('200');
  await shootSheet(page, 'deliveries-detail-response-390');
  await page.getByTestId('close-delivery').click();
  await page.getByRole('button', { name: 'Close Send a Test' }).click();
  await expect(page).not.toHaveURL(/test=1/);
  await expect(page.getByTestId('delivery-row').first()).toBeVisible();
  // No sideways scrolling at phone width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shoot(page, 'deliveries-webhook-list-390');
});

test('a viewer sees deliveries and their detail but cannot send, resend or replay', async ({ page }) => {
  await tidings(['user', 'create', '--email', VIEWER.email, '--password', VIEWER.password, '--org', 'demo', '--role', 'viewer']);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, VIEWER);
  const ledger = await findWebhook(page, 'Finance ledger');
  await page.goto(`/webhooks/${ledger.webhookId}/deliveries?test=1&replay=1`);
  await expect(page.getByTestId('webhook-heading')).toHaveText('Finance ledger');
  // The sample can be previewed, not sent; no replay.
  await expect(page.getByTestId('test-sample')).toBeVisible();
  await expect(page.getByTestId('send-test-submit')).toHaveCount(0);
  await expect(page.getByTestId('send-test-panel')).toContainText('Viewers can preview samples but cannot send tests.');
  await expect(page.getByTestId('open-replay')).toHaveCount(0);
  await expect(page.getByTestId('replay-panel')).toHaveCount(0);
  await page.getByTestId('delivery-row').first().click();
  await expect(detail(page)).toBeVisible();
  await expect(detail(page).getByTestId('resend-delivery')).toHaveCount(0);
  await expect(detail(page)).toContainText('Viewers cannot resend deliveries.');
  await shootSheet(page, 'deliveries-viewer-1280', false);
});
