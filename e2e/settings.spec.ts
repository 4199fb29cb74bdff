import { expect, test } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { receiveNationBuilder } from '../tests/support/strict-receivers';
import { screenshot, screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// NationBuilder: "you can attach a shared secret token to your nation which will be attached
// to the payload via the key `token`". An admin sets the token on the Settings page; a
// NationBuilder-format webhook's delivery reaches a real loopback receiver carrying it, while
// the delivery log shows a mask.

test('an admin sets the NationBuilder shared token in Settings and a receiver gets it in the body', async ({ page, baseURL }) => {
  const receiver = await new Receiver().start();
  const received = receiver.requests;
  try {
    const token = `e2e-nation-token-${Date.now().toString(36)}`;
    await signIn(page);

    await page.getByRole('link', { name: 'Settings' }).first().click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('heading', { name: 'NationBuilder shared token' })).toBeVisible();
    await expect(page.getByTestId('account-id')).toHaveText(/^\d+$/);

    // A token too short is refused inline, before anything is sent.
    await page.getByLabel('New shared token').fill('short');
    await page.getByTestId('save-shared-token').click();
    await expect(page.getByText('Use at least 16 characters')).toBeVisible();

    await page.getByLabel('New shared token').fill(token);
    await page.getByTestId('save-shared-token').click();
    await expect(page.getByTestId('shared-token-saved')).toBeVisible();
    await expect(page.getByTestId('shared-token-status')).toContainText('A shared token is set');
    // Never shown again: the field is emptied and the page holds no copy of it.
    await expect(page.getByLabel('New shared token')).toHaveValue('');
    expect(await page.content()).not.toContain(token);
    // The demo organization already has events, whose deliveries carry its account id: it stays.
    const accountId = await page.getByTestId('account-id').textContent();
    await page.getByLabel("Your platform's account id").fill('4242');
    await page.getByTestId('save-account-id').click();
    await expect(page.getByTestId('account-id-message')).toContainText('fixed once the organization has events');
    await expect(page.getByTestId('account-id')).toHaveText(accountId!);
    await screenshotWideAndNarrow(page, 'settings');

    const origin = baseURL!;
    const { webhookId } = await createWebhook(page.request, origin, {
      name: `E2E nation ${Date.now()}`,
      url: receiver.url('/nation'),
      events: ['person.created'],
      format: 'nationbuilder',
    });
    const sample = await (await page.request.get('/api/v1/event-types/person.created/sample')).json();
    const emitted = await page.request.post('/api/v1/events', { headers: { origin }, data: { type: 'person.created', data: sample.data ?? sample } });
    expect(emitted.status(), await emitted.text()).toBe(202);

    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    // The strict receiver written from NationBuilder's document accepts it with this token.
    const decoded = receiveNationBuilder(received[0], token);
    expect(decoded.event).toBe('person');
    expect(decoded.body.token).toBe(token);

    // The delivery log keeps a mask, not the token.
    const list = await (await page.request.get(`/api/v1/webhooks/${webhookId}/deliveries`)).json();
    await expect
      .poll(async () => (await (await page.request.get(`/api/v1/deliveries/${list.data[0].id}`)).json()).attempts.length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const detail = await (await page.request.get(`/api/v1/deliveries/${list.data[0].id}`)).json();
    expect(detail.attempts[0].request.body).not.toContain(token);
    expect(JSON.parse(detail.attempts[0].request.body).token).toMatch(/^•+$/);
  } finally {
    await receiver.stop();
  }
});

test('the webhook form offers "Send a ping on creation", on by default only where the format defines a ping', async ({ page }) => {
  await signIn(page);
  await page.goto('/webhooks/new');
  const ping = page.getByTestId('ping-on-create-switch');
  await expect(ping).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('#ping-on-create-hint')).toContainText('Default for this format: on');
  await page.locator('input[type="radio"][value="webconnex"]').check();
  await expect(ping).toHaveAttribute('aria-checked', 'false');
  await expect(page.locator('#ping-on-create-hint')).toContainText('Default for this format: off');
  await page.locator('input[type="radio"][value="sitestacker"]').check();
  await expect(ping).toHaveAttribute('aria-checked', 'true');
  await page.locator('input[type="radio"][value="kajabi"]').check();
  await ping.click();
  await expect(ping).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('#ping-on-create-hint')).toContainText('A ping event is sent');
  await ping.scrollIntoViewIfNeeded();
  await screenshot(page, 'webhook-form-ping-on-create', { fullPage: true });
});
