import { expect, test } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { signIn } from './support/sign-in';
import { screenshot } from './support/screenshots';

// The console end to end with a real loopback receiver: a webhook made in the form gets
// its ping, a failing receiver's retries show up, and Resend succeeds once it recovers.
test('a webhook created in the console: its ping in Recent Deliveries, retries watched, then Resend succeeds', async ({ page, baseURL }) => {
  let failing = true;
  const receiver = await new Receiver().start();
  receiver.reply('/hook', (request) => {
    const event = String(request.headers['x-tidings-event']);
    return event !== 'ping' && failing ? { status: 500, body: '{"error":"down for maintenance"}' } : { status: 200, body: '{"ok":true}' };
  });
  try {
    await signIn(page);
    await page.goto('/webhooks/new');
    const name = `E2E flow ${Math.random().toString(36).slice(2, 8)}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/hook'));
    await page.locator('input[data-testid="event-option"][value="donation.created"]').check();
    await page.getByRole('switch', { name: 'Send data from every page' }).click();
    await page.getByLabel('Search forms').fill('general');
    await page.getByRole('checkbox', { name: /General Donation Page/ }).check();
    await page.getByTestId('webhook-submit').click();
    await expect(page.getByTestId('created-secret-panel')).toBeVisible();
    await page.getByTestId('secret-done').click();
    const row = page.getByTestId('webhook-row').filter({ hasText: name });
    const id = await row.getAttribute('data-webhook-id');

    // The ping Tidings sent on creation, answered 200 by the receiver.
    await page.goto(`/webhooks/${id}/deliveries`);
    const ping = page.getByTestId('delivery-row').filter({ hasText: 'ping' });
    await expect(ping.getByTestId('delivery-status')).toContainText('Succeeded');

    // An event of the chosen form while the receiver fails: the attempts pile up.
    const forms = (await (await page.request.get('/api/v1/forms?limit=100')).json()) as { data: { formId: string; name: string }[] };
    const formId = forms.data.find((form) => form.name === 'General Donation Page')!.formId;
    const emitted = await page.request.post('/api/v1/events', {
      data: { type: 'donation.created', data: { donation: { id: 5, amount_in_cents: 1000 } }, formId },
      headers: { origin: baseURL! },
    });
    expect(emitted.status()).toBe(202);
    expect((await emitted.json()).deliveries).toBeGreaterThanOrEqual(1);
    // Nothing shown was in flight, so the list was not polling: load it again.
    await page.reload();
    const donation = page.getByTestId('delivery-row').filter({ hasText: 'donation.created' }).first();
    await expect(donation.getByTestId('delivery-status')).toContainText(/Retrying|Failed/);
    await expect(async () => {
      expect(Number((await donation.getByTestId('delivery-attempts').textContent())?.trim())).toBeGreaterThanOrEqual(2);
    }).toPass({ timeout: 20_000 });
    await expect(donation.getByTestId('delivery-response')).toContainText('500');

    // The receiver recovers; Resend makes a new attempt that succeeds.
    failing = false;
    await donation.click();
    await page.getByTestId('resend-delivery').click();
    await expect(page.getByTestId('resend-message')).toHaveText('Resend queued: its attempt will appear below.');
    await expect(page.locator('[data-testid="attempt-item"][data-trigger="resend"]').first()).toContainText('200');
    await expect(page.getByTestId('delivery-detail')).toHaveAttribute('data-status', 'SUCCEEDED');
    await screenshot(page, 'webhook-flow-resent');
  } finally {
    await receiver.stop();
  }
});
