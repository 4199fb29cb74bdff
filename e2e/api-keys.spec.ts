import { expect, test } from '@playwright/test';
import { tidings } from './support/cli';
import { screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';

// Unique per run: `user create` refuses an email that already has an account (a retry would meet it).
const VIEWER = { email: `api-keys-viewer-${Date.now().toString(36)}@example.com`, password: 'api-keys-viewer-password' };

test('an admin creates a scoped key, copies it, uses it, and revokes it', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signIn(page);
  await page.goto('/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = page.getByTestId('create-api-key-form');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();

  // Nothing filled in: both problems are said next to their fields.
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByText('Enter a name, such as the system that will use the key')).toBeVisible();
  await expect(form.getByText('Choose at least one scope')).toBeVisible();

  const name = `Curl check ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  // Scopes come in groups, each scope with what it allows.
  await expect(page.getByTestId('scope-group-resource')).toContainText('List and view webhooks (never their secrets)');
  await expect(page.getByTestId('scope-group-events')).toContainText('People and contact events');
  // Erasing people's data is an owner power of its own: "Select all" of the resource scopes leaves it out.
  await expect(page.getByTestId('scope-group-powers')).toContainText('events:expunge');
  await page.getByRole('button', { name: 'Select all resource scopes' }).click();
  await expect(page.getByRole('checkbox', { name: /webhooks:write/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /events:expunge/ })).not.toBeChecked();
  await page.getByRole('button', { name: 'Clear resource scopes' }).click();
  await expect(page.getByRole('checkbox', { name: /webhooks:write/ })).not.toBeChecked();
  await page.getByRole('checkbox', { name: /webhooks:read/ }).check();
  await page.getByRole('checkbox', { name: /view:contacts/ }).check();
  await expect(form.getByText('Choose at least one scope')).toBeHidden();
  await screenshotWideAndNarrow(page, 'api-keys-create');
  await form.getByRole('button', { name: 'Create key' }).click();

  const panel = page.getByTestId('new-api-key-panel');
  await expect(panel).toContainText('you will not see this again');
  const key = await page.getByTestId('new-api-key').inputValue();
  expect(key).toMatch(/^tdg_[A-Za-z0-9_-]{43}$/);
  await page.getByTestId('copy-api-key').click();
  await expect(page.getByTestId('copy-api-key')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await screenshotWideAndNarrow(page, 'api-keys-shown-once');

  // The curl-equivalent request, with the key alone (the Authorization header wins over the cookie).
  const bearer = { authorization: `Bearer ${key}` };
  const listed = await page.request.get('/api/v1/webhooks', { headers: bearer });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data.map((webhook: { name: string }) => webhook.name)).toContain('Finance ledger');
  // A scope the key was not given.
  const write = await page.request.post('/api/v1/webhooks', { headers: bearer, data: { url: 'https://example.com/hook', events: ['contact.created'] } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error).toMatchObject({ code: 'insufficient_scope', message: expect.stringContaining('webhooks:write') });
  expect((await page.request.get('/api/v1/deliveries', { headers: bearer })).status()).toBe(403);
  // A key cannot mint or list keys, whatever its scopes.
  expect((await page.request.post('/api/v1/api-keys', { headers: bearer, data: { name: 'escalate', scopes: ['webhooks:write'] } })).status()).toBe(403);
  expect((await page.request.get('/api/v1/api-keys', { headers: bearer })).status()).toBe(403);

  await page.getByTestId('new-api-key-done').click();
  await expect(panel).toBeHidden();
  // The key is never shown again: the list has its prefix only.
  await expect(page.getByText(key)).toHaveCount(0);
  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText('webhooks:read');
  await expect(row).toContainText('view:contacts');
  await expect(row.getByTestId('api-key-status')).toHaveText('Active');

  // Cancelling the confirmation changes nothing.
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const dialog = page.getByTestId('revoke-api-key-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await page.request.get('/api/v1/webhooks', { headers: bearer })).status()).toBe(200);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(dialog).toBeVisible();
  await screenshotWideAndNarrow(page, 'api-keys-revoke-dialog');
  await dialog.getByTestId('confirm-revoke-api-key').click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('api-key-status')).toContainText('Revoked');
  await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
  const refused = await page.request.get('/api/v1/webhooks', { headers: bearer });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['www-authenticate']).toContain('Bearer');
  await page.reload();
  await expect(page.getByTestId('api-key-row').filter({ hasText: name }).getByTestId('api-key-status')).toContainText('Revoked');
  await screenshotWideAndNarrow(page, 'api-keys-list');
});

test('an admin raises one key’s rate limit; the key is told its new budget with every answer', async ({ page, baseURL }) => {
  await signIn(page);
  const name = `Producer ${Date.now().toString(36)}`;
  const created = await page.request.post('/api/v1/api-keys', { data: { name, scopes: ['webhooks:read'] }, headers: { origin: baseURL! } });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  const before = await page.request.get('/api/v1/webhooks', { headers: { authorization: `Bearer ${key}` } });
  expect(before.headers()['ratelimit-limit']).toBe('1200');

  await page.goto('/api-keys');
  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row.getByTestId('api-key-rate-limit')).toHaveText('1,200 / min (default)');
  await row.getByRole('button', { name: `Change the rate limit of ${name}` }).click();
  const dialog = page.getByTestId('rate-limit-dialog');
  await dialog.getByLabel('Requests a minute').fill('0');
  await dialog.getByTestId('confirm-rate-limit').click();
  await expect(dialog.getByText(/Enter a whole number from 1 to 120,000/)).toBeVisible();
  await dialog.getByLabel('Requests a minute').fill('6000');
  await screenshotWideAndNarrow(page, 'api-keys-rate-limit');
  await dialog.getByTestId('confirm-rate-limit').click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('api-key-rate-limit')).toHaveText('6,000 / min');
  const after = await page.request.get('/api/v1/webhooks', { headers: { authorization: `Bearer ${key}` } });
  expect(after.headers()['ratelimit-limit']).toBe('6000');
});

test("another organization's key cannot be revoked from here", async ({ page, baseURL }) => {
  const output = await tidings(['api-key', 'create', '--org', 'demo-east', '--scopes', 'forms:read', '--name', 'East key']);
  const id = /Created API key (key_\w+)/.exec(output)?.[1];
  const key = output.trim().split('\n').at(-1)!;
  expect(id).toBeTruthy();
  await signIn(page);
  await expect(page.getByTestId('organization-name')).toHaveText('Demo Nation');
  const response = await page.request.delete(`/api/v1/api-keys/${id}`, { headers: { origin: baseURL! } });
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe('api_key_not_found');
  expect((await page.request.get('/api/v1/forms', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  await page.goto('/api-keys');
  await expect(page.getByTestId('api-keys-table')).not.toContainText('East key');
});

test('a viewer sees the keys but cannot create or revoke them', async ({ page, baseURL }) => {
  await tidings(['user', 'create', '--email', VIEWER.email, '--password', VIEWER.password, '--org', 'demo', '--role', 'viewer']);
  await signIn(page, VIEWER);
  await page.goto('/api-keys');
  await expect(page.getByTestId('api-keys-table')).toBeVisible();
  await expect(page.getByTestId('api-key-row').first()).toBeVisible();
  await expect(page.getByTestId('viewer-notice')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  await screenshotWideAndNarrow(page, 'api-keys-viewer');

  const origin = { origin: baseURL! };
  const created = await page.request.post('/api/v1/api-keys', { headers: origin, data: { name: 'viewer key', scopes: ['webhooks:read'] } });
  expect(created.status()).toBe(403);
  expect((await created.json()).error.code).toBe('forbidden');
  const keys = await (await page.request.get('/api/v1/api-keys')).json();
  expect(keys.data.some((key: { name: string }) => key.name === 'viewer key')).toBe(false);
  const target = keys.data.find((key: { revokedAt: number | null }) => key.revokedAt === null);
  if (target) {
    expect((await page.request.delete(`/api/v1/api-keys/${target.id}`, { headers: origin })).status()).toBe(403);
  }
});
