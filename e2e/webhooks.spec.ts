import { expect, test, type Page } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { tidings } from './support/cli';
import { screenshot, SHOTS } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// The webhook pages of the console: the list (inline status toggle, right-click and
// keyboard action menu, rotate, delete), the create/edit form with its inline errors,
// the secret shown once, and what a viewer may not do. Every spec file shares one
// server, so each test creates webhooks of its own and never touches the seeded three.

const unique = () => Math.random().toString(36).slice(2, 8);

async function getWebhook(page: Page, id: string) {
  const response = await page.request.get(`/api/v1/webhooks/${id}`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** A URL of this server that answers POSTs with an error: deliveries fail and retry, which is fine here. */
function receiverUrl(baseURL: string): string {
  return `http://127.0.0.1:${new URL(baseURL).port}/api/health`;
}

const eventOption = (page: Page, event: string) => page.locator(`input[data-testid="event-option"][value="${event}"]`);

const rowFor = (page: Page, name: string) => page.getByTestId('webhook-row').filter({ hasText: name });

test('an admin creates a webhook with the form: inline errors, a server refusal, the secret once, then the list', async ({ page, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.goto('/webhooks');
  await page.getByTestId('add-webhook').click();
  await expect(page).toHaveURL(/\/webhooks\/new$/);
  await expect(page.getByRole('heading', { name: 'Add a webhook' })).toBeVisible();
  await screenshot(page, 'webhooks-create-1280', { fullPage: true });

  // Nothing filled in: the shared schema's messages, on their fields.
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('#name-error')).toHaveText('Enter a name');
  await expect(page.locator('#url-error')).toHaveText('Enter the URL that will receive the webhooks');
  await expect(page.locator('#events-error')).toHaveText('Choose at least one event, or All events (*)');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  const name = `E2E form ${unique()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await expect(page.locator('#name-error')).toHaveCount(0);
  await page.getByLabel('URL', { exact: true }).fill('not a url');
  await expect(page.locator('#url-error')).toHaveText('Enter an absolute URL, such as https://example.com/webhooks');
  await eventOption(page, 'donation.created').check();
  await eventOption(page, 'contact.tag_added').check();
  await expect(page.locator('#events-error')).toHaveCount(0);

  // A header Tidings sets itself is refused before anything is sent.
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('Authorization');
  await page.getByLabel('Header 1 value').fill('Basic abc');
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('[id="customHeaders.0.name-error"]')).toHaveText('"Authorization" is set by Tidings and cannot be overridden');
  await page.getByLabel('Header 1 name').fill('X-Team');
  await page.getByLabel('Header 1 value').fill('e2e');

  // Only the server knows the address is blocked: its issue lands on the URL field.
  await page.getByLabel('URL', { exact: true }).fill('https://169.254.169.254/');
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('#url-error')).toHaveText('This address cannot receive webhooks (private, loopback or reserved)');
  await expect(page.getByLabel('URL', { exact: true })).toBeFocused();
  await expect(page.getByTestId('form-error')).toContainText('Fix the highlighted fields');

  // The rest of the settings, then a URL that is allowed in the demo (loopback).
  await page.getByLabel('URL', { exact: true }).fill(receiverUrl(baseURL!));
  await page.getByLabel('Description (optional)').fill('Created by the browser test');
  await page.getByRole('switch', { name: 'Send data from every page' }).click();
  await expect(page.getByTestId('forms-picker')).toBeVisible();
  await page.getByLabel('Search forms').fill('monthly');
  await page.getByRole('checkbox', { name: /Monthly Giving/ }).check();
  await expect(page.getByTestId('forms-selected-count')).toHaveText('1 selected');
  await page.getByLabel('Resource id (optional)').fill('tag-42');
  await page.getByRole('switch', { name: 'Include sub-organizations' }).click();
  await page.getByRole('radio', { name: /Webconnex/ }).check();
  await page.getByRole('radio', { name: /Exponential/ }).check();
  await page.getByLabel('Timeout').fill('40');
  await page.getByLabel('App key (optional)').fill('app-key-1');
  await page.getByLabel('API token (optional)').fill('token-secret-1');
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('#timeoutSeconds-error')).toHaveText('Timeout is at most 30 seconds');
  await page.getByLabel('Timeout').fill('10');
  await page.getByTestId('webhook-submit').click();

  // The secret, once, with a working copy button.
  const panel = page.getByTestId('created-secret-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('you will not see it again');
  const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await page.getByTestId('copy-secret').click();
  await expect(page.getByTestId('copy-secret')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await screenshot(page, 'webhooks-secret-panel', { fullPage: true });

  await page.getByTestId('secret-done').click();
  await expect(page).toHaveURL(/\/webhooks$/);
  const row = rowFor(page, name);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('webhook-url')).toHaveText(receiverUrl(baseURL!));
  await expect(row.getByTestId('webhook-events')).toHaveText('donation.created, contact.tag_added');
  await expect(row.getByTestId('webhook-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByText(secret)).toHaveCount(0);

  // Everything the form showed was saved; the API never returns the secret or the token.
  const id = await row.getAttribute('data-webhook-id');
  const saved = await getWebhook(page, id!);
  expect(saved).toMatchObject({
    name,
    description: 'Created by the browser test',
    events: ['donation.created', 'contact.tag_added'],
    allForms: false,
    resourceId: 'tag-42',
    includeSubOrganizations: true,
    format: 'webconnex',
    retryPolicy: 'exponential',
    timeoutSeconds: 10,
    appKey: 'app-key-1',
    hasApiToken: true,
    // Custom header values are secrets: the API returns the name with a mask.
    customHeaders: { 'X-Team': '••••••••' },
  });
  expect(saved.formIds).toHaveLength(1);
  expect(JSON.stringify(saved)).not.toContain(secret);
  expect(JSON.stringify(saved)).not.toContain('token-secret-1');
});

test('editing: All events replaces the chosen events, and the API token is write-only', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E edit ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, {
    name,
    url: receiverUrl(baseURL!),
    events: ['donation.created', 'person.created'],
    apiToken: 'stored-token',
  });

  await page.goto('/webhooks');
  await rowFor(page, name).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${created.webhookId}/edit$`));
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(eventOption(page, 'donation.created')).toBeChecked();
  await expect(eventOption(page, 'person.created')).toBeChecked();
  // The stored token is never sent to the browser: the field starts blank.
  await expect(page.getByLabel('API token (optional)')).toHaveValue('');
  await expect(page.getByText('A token is stored and stays hidden')).toBeVisible();

  await page.getByTestId('events-all').check();
  await expect(page.getByTestId('events-all-note')).toContainText('Replaces the 2 events chosen below');
  await expect(eventOption(page, 'donation.created')).not.toBeChecked();
  await expect(eventOption(page, 'donation.created')).toBeDisabled();
  await expect(eventOption(page, 'person.created')).not.toBeChecked();
  await screenshot(page, 'webhooks-edit-all-events', { fullPage: true });

  // Unticking brings the replaced choice back; ticking again replaces it.
  await page.getByTestId('events-all').uncheck();
  await expect(eventOption(page, 'person.created')).toBeChecked();
  await page.getByTestId('events-all').check();

  await page.getByLabel('Name', { exact: true }).fill('');
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('#name-error')).toHaveText('Enter a name');
  await page.getByLabel('Name', { exact: true }).fill(`${name} renamed`);
  await page.getByTestId('webhook-submit').click();
  await expect(page).toHaveURL(/\/webhooks$/);
  await expect(rowFor(page, `${name} renamed`).getByTestId('webhook-events')).toHaveText('All events');
  let saved = await getWebhook(page, created.webhookId);
  expect(saved.events).toEqual(['*']);
  expect(saved.hasApiToken).toBe(true);

  // "Remove the stored API token" clears it.
  await page.goto(`/webhooks/${created.webhookId}/edit`);
  await page.getByTestId('remove-api-token').check();
  await expect(page.getByText('The stored token will be removed when you save.')).toBeVisible();
  await page.getByTestId('webhook-submit').click();
  await expect(page).toHaveURL(/\/webhooks$/);
  saved = await getWebhook(page, created.webhookId);
  expect(saved.hasApiToken).toBe(false);
  expect(saved.events).toEqual(['*']);
});

test('moving the URL to another server: the form says stored secrets go unless typed again, and saving drops them', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E move ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, {
    name,
    url: receiverUrl(baseURL!),
    events: ['coupon.created'],
    apiToken: 'old-receiver-token',
    customHeaders: { 'X-Route': 'old-receiver-route' },
  });
  await page.goto(`/webhooks/${created.webhookId}/edit`);
  await expect(page.getByTestId('secrets-cleared-note')).toHaveCount(0);
  const url = page.getByLabel('URL', { exact: true });
  await url.fill('https://example.org/elsewhere');
  const note = page.getByTestId('secrets-cleared-note');
  await expect(note).toContainText('another server');
  await expect(note).toContainText('API token and custom header values');
  await screenshot(page, 'webhooks-edit-url-moved', { fullPage: true });
  // Back to the same server (another path): nothing is dropped, and the note goes.
  await url.fill(`${receiverUrl(baseURL!)}-other-path`);
  await expect(note).toHaveCount(0);
  await url.fill('https://example.org/elsewhere');
  await page.getByTestId('webhook-submit').click();
  await expect(page).toHaveURL(/\/webhooks$/);
  const saved = await getWebhook(page, created.webhookId);
  expect(saved.url).toBe('https://example.org/elsewhere');
  expect(saved.hasApiToken).toBe(false);
  expect(saved.customHeaders).toEqual({});
});

test('keyboard: the first Tab offers "Skip to content", which leads past the navigation to the page', async ({ page }) => {
  await signIn(page);
  await page.goto('/webhooks');
  await expect(page.getByTestId('webhooks-table')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-to-content');
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#content')).toBeFocused();
  // The next Tab is inside the page's content, not in the header.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main')?.id ?? null)).toBe('content');
});

test('pause and resume with the inline toggle and with the right-click menu', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E pause ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, { name, url: receiverUrl(baseURL!), events: ['coupon.created'] });
  await page.goto('/webhooks');
  const row = rowFor(page, name);
  const status = row.getByTestId('webhook-status');

  await row.getByRole('switch').click();
  await expect(status).toHaveAttribute('data-status', 'PAUSED');
  await expect(page.getByTestId('webhooks-notice')).toHaveText(/paused/);
  await expect.poll(async () => (await getWebhook(page, created.webhookId)).status).toBe('PAUSED');
  await row.getByRole('switch').click();
  await expect(status).toHaveAttribute('data-status', 'ACTIVE');
  await expect.poll(async () => (await getWebhook(page, created.webhookId)).status).toBe('ACTIVE');

  // Site Stacker: right-click the webhook.
  await row.getByTestId('webhook-url').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['Deliveries', 'Edit', 'Send a Test', 'Pause', 'Rotate secret', 'Delete']);
  await expect(menu.getByRole('menuitem', { name: 'Deliveries' })).toHaveAttribute('href', `/webhooks/${created.webhookId}/deliveries`);
  await expect(menu.getByRole('menuitem', { name: 'Send a Test' })).toHaveAttribute('href', `/webhooks/${created.webhookId}/deliveries?test=1`);
  // Viewport only: a full-page capture resizes the window, which closes the menu like a native one.
  await screenshot(page, 'webhooks-context-menu');
  await menu.getByRole('menuitem', { name: 'Pause' }).click();
  await expect(menu).toBeHidden();
  await expect(status).toHaveAttribute('data-status', 'PAUSED');

  await row.click({ button: 'right' });
  await expect(menu.getByRole('menuitem', { name: 'Resume' })).toBeVisible();
  // A click elsewhere closes it without choosing.
  await page.getByRole('heading', { name: 'Webhooks' }).click();
  await expect(menu).toBeHidden();
  await row.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Resume' }).click();
  await expect(status).toHaveAttribute('data-status', 'ACTIVE');
  await expect.poll(async () => (await getWebhook(page, created.webhookId)).status).toBe('ACTIVE');
});

test('the action menu works from the keyboard alone', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E keys ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, { name, url: receiverUrl(baseURL!), events: ['coupon.updated'] });
  await page.goto('/webhooks');
  const row = rowFor(page, name);
  const button = row.getByRole('button', { name: `Actions for ${name}` });
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });

  await button.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Deliveries' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // Space opens too; arrows to "Pause", Enter chooses; focus comes back to the button.
  await page.keyboard.press(' ');
  await expect(menu.getByRole('menuitem', { name: 'Deliveries' })).toBeFocused();
  for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Pause' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await expect(row.getByTestId('webhook-status')).toHaveAttribute('data-status', 'PAUSED');
  await expect.poll(async () => (await getWebhook(page, created.webhookId)).status).toBe('PAUSED');

  // Shift+F10 and the ContextMenu key on a focused row open the same menu.
  await row.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Deliveries' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  await row.focus();
  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  // Type-ahead: "r" goes to Resume, then Rotate secret.
  await page.keyboard.press('r');
  await expect(menu.getByRole('menuitem', { name: 'Resume' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row.getByTestId('webhook-status')).toHaveAttribute('data-status', 'ACTIVE');
});

test('rotating the secret asks first, then shows the new secret once', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E rotate ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, { name, url: receiverUrl(baseURL!), events: ['coupon.redeemed'] });
  await page.goto('/webhooks');
  const row = rowFor(page, name);
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });

  // Cancelling changes nothing.
  await row.getByTestId('webhook-actions').click();
  await menu.getByRole('menuitem', { name: 'Rotate secret' }).click();
  const confirm = page.getByTestId('rotate-dialog');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('keeps working for 24 hours');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();

  await row.getByTestId('webhook-actions').click();
  await menu.getByRole('menuitem', { name: 'Rotate secret' }).click();
  await page.getByTestId('confirm-rotate').click();
  const reveal = page.getByTestId('rotated-secret-dialog');
  await expect(reveal).toBeVisible();
  const secret = (await reveal.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  expect(secret).not.toBe(created.secret);
  await expect(reveal).toContainText('you will not see it again');
  await expect(reveal).toContainText('The previous secret keeps working for 24 hours');
  await screenshot(page, 'webhooks-rotated-secret', { fullPage: true });
  await reveal.getByTestId('secret-done').click();
  await expect(reveal).toBeHidden();
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(row.getByTestId('webhook-actions')).toBeFocused();
});

test('deleting asks for confirmation', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `E2E delete ${unique()}`;
  const created = await createWebhook(page.request, baseURL!, { name, url: receiverUrl(baseURL!), events: ['ticket.updated'] });
  await page.goto('/webhooks');
  const row = rowFor(page, name);
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });

  await row.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(name);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  await row.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  await dialog.getByTestId('confirm-delete').click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('webhooks-notice')).toContainText(`“${name}” was deleted.`);
  const response = await page.request.get(`/api/v1/webhooks/${created.webhookId}`);
  expect(response.status()).toBe(404);
});

test('a webhook disabled by a 410 shows its reason and can be re-enabled', async ({ page, baseURL }) => {
  // A real receiver on loopback that tells Tidings the endpoint is gone.
  const receiver = await new Receiver().start();
  receiver.reply('/hook', () => ({ status: 410, body: 'gone' }));
  try {
    await signIn(page);
    const name = `E2E gone ${unique()}`;
    // The creation ping meets the 410 and disables the webhook.
    const created = await createWebhook(page.request, baseURL!, { name, url: receiver.url('/hook'), events: ['sms_donation.created'] });
    await expect.poll(async () => (await getWebhook(page, created.webhookId)).status, { timeout: 30_000 }).toBe('DISABLED');

    await page.goto('/webhooks');
    const row = rowFor(page, name);
    await expect(row.getByTestId('webhook-status')).toHaveAttribute('data-status', 'DISABLED');
    await expect(row.getByTestId('disabled-reason')).toHaveText('The receiver answered 410 Gone');
    await row.click({ button: 'right' });
    await expect(page.getByRole('menuitem', { name: 'Re-enable' })).toBeVisible();
    await page.keyboard.press('Escape');
    await screenshot(page, 'webhooks-disabled', { fullPage: true });

    await row.getByTestId('re-enable').click();
    await expect(row.getByTestId('webhook-status')).toHaveAttribute('data-status', 'ACTIVE');
    // The list shows the change at once; the server's answer follows.
    await expect.poll(async () => (await getWebhook(page, created.webhookId)).status).toBe('ACTIVE');
    const saved = await getWebhook(page, created.webhookId);
    expect(saved.disabledReason).toBeNull();
  } finally {
    await receiver.stop();
  }
});

test('custom header values are write-only: the form shows names and the mask; blank keeps, typed replaces, Remove removes', async ({ page, baseURL }) => {
  const receiver = await new Receiver().start();
  const received = receiver.requests;
  try {
    await signIn(page);
    const name = `E2E headers ${unique()}`;
    const created = await createWebhook(page.request, baseURL!, {
      name,
      url: receiver.url('/hook'),
      events: ['coupon.created'],
      customHeaders: { 'X-Api-Key': 'first-secret-value', 'X-Team': 'north', 'X-Gone': 'soon-removed' },
    });
    await page.goto(`/webhooks/${created.webhookId}/edit`);
    const rows = page.getByTestId('custom-headers').locator('li');
    await expect(rows).toHaveCount(3);
    // Names are shown, values never: each value field starts blank with the mask as its placeholder.
    await expect(page.locator('[id="customHeaders.0.name"]')).toHaveValue('X-Api-Key');
    for (const index of [0, 1, 2]) {
      await expect(page.locator(`[id="customHeaders.${index}.value"]`)).toHaveValue('');
      await expect(page.locator(`[id="customHeaders.${index}.value"]`)).toHaveAttribute('placeholder', /^•••••••• \(stored/);
    }
    expect(await page.content()).not.toMatch(/first-secret-value|soon-removed|"north"/);
    await page.getByTestId('custom-headers').screenshot({ path: `${SHOTS}/webhooks-custom-headers.png` });

    // Keep X-Api-Key (blank), replace X-Team, remove X-Gone, add X-New.
    await page.locator('[id="customHeaders.1.value"]').fill('south');
    await page.getByRole('button', { name: 'Remove header 3' }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.locator('[id="customHeaders.2.name"]').fill('X-New');
    await page.locator('[id="customHeaders.2.value"]').fill('brand-new');
    await page.getByTestId('webhook-submit').click();
    await expect(page).toHaveURL(/\/webhooks$/);
    const saved = await getWebhook(page, created.webhookId);
    expect(saved.customHeaders).toEqual({ 'X-Api-Key': '••••••••', 'X-Team': '••••••••', 'X-New': '••••••••' });

    // What a receiver gets after the edit: the kept, the replaced and the new value, not the removed one.
    const before = received.length;
    const test = await page.request.post(`/api/v1/webhooks/${created.webhookId}/test`, { data: { event: 'coupon.created' }, headers: { origin: baseURL! } });
    expect(test.status()).toBe(202);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(before);
    const last = received[received.length - 1].headers;
    expect(last['x-api-key']).toBe('first-secret-value');
    expect(last['x-team']).toBe('south');
    expect(last['x-new']).toBe('brand-new');
    expect(last['x-gone']).toBeUndefined();
    // And the delivery log shows the mask, never the value.
    const { deliveryId } = await test.json();
    const readDelivery = async () => (await page.request.get(`/api/v1/deliveries/${deliveryId}`)).json();
    await expect.poll(async () => (await readDelivery()).attempts.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const delivery = await readDelivery();
    expect(delivery.attempts[0].request.headers['X-Api-Key']).toBe('••••••••');
    expect(JSON.stringify(delivery)).not.toMatch(/first-secret-value|brand-new|south/);
  } finally {
    await receiver.stop();
  }
});

test('a viewer sees the webhooks with every change control disabled or absent, and the API refuses changes', async ({ page, baseURL }) => {
  const viewer = { email: `viewer-webhooks-${unique()}@example.com`, password: 'viewer-password-1' };
  await tidings(['user', 'create', '--email', viewer.email, '--password', viewer.password, '--org', 'demo', '--role', 'viewer']);
  await signIn(page, viewer);
  await page.goto('/webhooks');
  const row = rowFor(page, 'Finance ledger');
  await expect(row).toBeVisible();
  await expect(page.getByTestId('add-webhook')).toHaveCount(0);
  await expect(row.getByRole('switch')).toBeDisabled();
  for (const toggle of await page.getByTestId('status-toggle').all()) await expect(toggle).toBeDisabled();

  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for Finance ledger' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Deliveries', 'View settings']);
  await page.keyboard.press('Escape');

  // The settings page is read-only.
  await row.getByTestId('webhook-actions').click();
  await menu.getByRole('menuitem', { name: 'View settings' }).click();
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('URL', { exact: true })).toBeDisabled();
  await expect(page.getByTestId('events-all')).toBeDisabled();
  await expect(page.getByTestId('webhook-submit')).toHaveCount(0);
  await page.goto('/webhooks/new');
  await expect(page.getByTestId('webhook-form')).toHaveCount(0);

  const list = await (await page.request.get('/api/v1/webhooks?limit=100')).json();
  const id = list.data.find((webhook: { name: string }) => webhook.name === 'Finance ledger').webhookId;
  const response = await page.request.patch(`/api/v1/webhooks/${id}`, { data: { status: 'PAUSED' }, headers: { origin: baseURL! } });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('forbidden');
});

test('the list and the form are readable 390 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.goto('/webhooks');
  await expect(page.getByTestId('webhooks-table')).toBeVisible();
  const row = rowFor(page, 'Finance ledger');
  await row.getByTestId('webhook-actions').click();
  await expect(page.getByRole('menu', { name: 'Actions for Finance ledger' })).toBeVisible();
  // Viewport only: a full-page capture resizes the window, which closes a menu like a native one.
  await screenshot(page, 'webhooks-menu-390');
  await page.keyboard.press('Escape');
  await screenshot(page, 'webhooks-list-390', { fullPage: true });
  // Nothing scrolls sideways, not even the table: long names and URLs truncate.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const table = page.getByTestId('webhooks-table');
  expect(await table.evaluate((element) => element.parentElement!.scrollWidth - element.parentElement!.clientWidth)).toBeLessThanOrEqual(0);

  await page.goto('/webhooks/new');
  await page.getByTestId('webhook-submit').click();
  await expect(page.locator('#name-error')).toBeVisible();
  await screenshot(page, 'webhooks-create-390', { fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
