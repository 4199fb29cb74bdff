import { expect, test, type Browser, type Page } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { tidings } from './support/cli';
import { createOrganization } from './support/database';
import { screenshotWideAndNarrow } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// Issue 16: people and organizations in the console. An admin invites a viewer, who accepts
// in a browser of their own; the admin raises them to admin (it applies without signing in
// again) and removes them (their open page stops working); the last owner stays; a
// sub-organization made in Settings is in the switcher and its events reach the parent's
// webhook that includes sub-organizations; the account page changes a password.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

const memberRow = (page: Page, email: string) => page.getByTestId('members-table').locator(`[data-testid="member-row"][data-email="${email}"]`).filter({ visible: true });

test('an admin invites a viewer; the link is accepted in a fresh browser; raised to admin, then removed', async ({ browser }) => {
  const id = unique();
  const admin = { email: `team-admin-${id}@example.com`, password: 'team-admin-password' };
  const viewer = { email: `team-viewer-${id}@example.com`, password: 'team-viewer-password', name: `Vera ${id}` };
  await tidings(['user', 'create', '--email', admin.email, '--password', admin.password, '--org', 'demo', '--role', 'admin']);
  const adminPage = await freshPage(browser);
  await signIn(adminPage, admin);

  await adminPage.goto('/team');
  await expect(memberRow(adminPage, admin.email)).toBeVisible();
  // An admin manages admins and viewers, not owners: no Remove and no role choice on the owner.
  const ownerRow = memberRow(adminPage, 'admin@example.com');
  await expect(ownerRow.getByTestId('member-role-text')).toHaveText('Owner');
  await expect(ownerRow.getByTestId('remove-member')).toHaveCount(0);

  await adminPage.getByTestId('invite-member').click();
  await expect(adminPage.getByTestId('invite-role-owner')).toHaveCount(0);
  await adminPage.getByLabel('Email').fill(viewer.email);
  await adminPage.getByTestId('invite-role-viewer').check();
  await adminPage.getByTestId('send-invitation').click();
  const link = await adminPage.getByTestId('invitation-link').inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/invitation#tdi_[A-Za-z0-9_-]{43}$/);
  await expect(adminPage.getByTestId('new-invitation-panel')).toContainText('shown only this once');
  await screenshotWideAndNarrow(adminPage, 'team-new-invitation');
  await adminPage.getByTestId('new-invitation-done').click();
  await expect(adminPage.getByTestId('invitations-table').locator(`[data-email="${viewer.email}"]`).filter({ visible: true })).toBeVisible();
  await screenshotWideAndNarrow(adminPage, 'team');
  console.log(`admin ${admin.email} invited ${viewer.email} as viewer; link shown once`);

  // A browser with no session of anyone's.
  const viewerPage = await freshPage(browser);
  await viewerPage.goto(link);
  await expect(viewerPage.getByTestId('invitation-offer')).toContainText('Demo Nation');
  await expect(viewerPage.getByTestId('invitation-offer')).toContainText('a viewer');
  await screenshotWideAndNarrow(viewerPage, 'invitation');
  await viewerPage.getByLabel('Your name').fill(viewer.name);
  await viewerPage.getByLabel('Choose a password').fill(viewer.password);
  await viewerPage.getByLabel('Repeat the password').fill(viewer.password);
  await viewerPage.getByTestId('accept-invitation').click();
  await expect(viewerPage.getByTestId('signed-in-user')).toContainText(`${viewer.email} · viewer`);
  expect(new URL(viewerPage.url()).hash).toBe('');

  // The viewer sees the webhooks with every change control absent or disabled.
  await viewerPage.goto('/webhooks');
  const row = viewerPage.getByTestId('webhook-row').filter({ hasText: 'Finance ledger' }).filter({ visible: true }).first();
  await expect(row).toBeVisible();
  await expect(viewerPage.getByTestId('add-webhook')).toHaveCount(0);
  for (const toggle of await viewerPage.getByTestId('status-toggle').all()) await expect(toggle).toBeDisabled();
  await row.getByTestId('webhook-actions').click();
  await expect(viewerPage.getByRole('menu', { name: 'Actions for Finance ledger' }).getByRole('menuitem')).toHaveText(['Deliveries', 'View settings']);
  await viewerPage.keyboard.press('Escape');
  await viewerPage.goto('/team');
  await expect(viewerPage.getByTestId('viewer-notice')).toBeVisible();
  console.log('viewer: webhooks listed, no add, toggles disabled, row menu Deliveries and View settings only; Team page says owners and admins only');

  // The link again, in yet another browser: used.
  const laterPage = await freshPage(browser);
  await laterPage.goto(link);
  await expect(laterPage.getByTestId('invitation-unusable')).toContainText('already been used');
  await screenshotWideAndNarrow(laterPage, 'invitation-used');

  // The admin raises the viewer to admin: the viewer's next page load already has it.
  await adminPage.reload();
  const viewerRow = memberRow(adminPage, viewer.email);
  await expect(viewerRow).toContainText(viewer.name);
  const changed = adminPage.waitForResponse((response) => response.url().includes('/api/v1/members/') && response.request().method() === 'PATCH');
  await viewerRow.getByTestId('member-role').selectOption('admin');
  expect((await changed).status()).toBe(200);
  await viewerPage.goto('/webhooks');
  await expect(viewerPage.getByTestId('signed-in-user')).toContainText(`${viewer.email} · admin`);
  await expect(viewerPage.getByTestId('add-webhook')).toBeVisible();
  console.log('raised to admin: the same session shows "Add webhook" on its next page, no new sign-in');

  // Removed: the open page stops working (its API calls answer 401; the next step lands on sign-in).
  await memberRow(adminPage, viewer.email).getByTestId('remove-member').click();
  await adminPage.getByTestId('confirm-remove-member').click();
  await expect(memberRow(adminPage, viewer.email)).toHaveCount(0);
  expect((await viewerPage.request.get('/api/v1/webhooks')).status()).toBe(401);
  await viewerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
  await expect(viewerPage).toHaveURL(/\/sign-in/);
  console.log('removed: the open page’s next API call → 401, and its next navigation lands on sign-in');
  for (const page of [adminPage, viewerPage, laterPage]) await page.context().close();
});

test('the last owner can be neither removed nor lowered', async ({ browser }) => {
  const id = unique();
  const organization = await createOrganization(`team-solo-${id}`, `Solo ${id}`);
  const owner = { email: `team-owner-${id}@example.com`, password: 'team-owner-password' };
  await tidings(['user', 'create', '--email', owner.email, '--password', owner.password, '--org', organization.slug, '--role', 'owner']);
  const page = await freshPage(browser);
  await signIn(page, owner);
  await page.goto('/team');
  const row = memberRow(page, owner.email);
  await row.getByTestId('remove-member').click();
  await page.getByTestId('confirm-remove-member').click();
  await expect(page.getByTestId('remove-member-dialog')).toContainText('last owner');
  await screenshotWideAndNarrow(page, 'team-last-owner');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await row.getByTestId('member-role').selectOption('admin');
  await expect(page.getByTestId('member-problem')).toContainText('last owner');
  await page.reload();
  await expect(memberRow(page, owner.email).getByTestId('member-role')).toHaveValue('owner');
  console.log(`${owner.email}, the only owner of Solo ${id}: Remove → "last owner" refusal; lowering to admin → refused; still owner`);
  await page.context().close();
});

test('a sub-organization created in Settings is in the switcher, and its events reach the parent webhook that includes sub-organizations', async ({ browser, baseURL }) => {
  const id = unique();
  const organization = await createOrganization(`team-parent-${id}`, `Parent ${id}`);
  const owner = { email: `team-parent-owner-${id}@example.com`, password: 'team-parent-password' };
  await tidings(['user', 'create', '--email', owner.email, '--password', owner.password, '--org', organization.slug, '--role', 'owner']);
  const receiver = await new Receiver().start();
  try {
    const page = await freshPage(browser);
    await signIn(page, owner);
    await createWebhook(page.request, baseURL!, { url: receiver.url('/including'), events: ['person.created'], name: 'Includes chapters', includeSubOrganizations: true });
    await createWebhook(page.request, baseURL!, { url: receiver.url('/own-only'), events: ['person.created'], name: 'Own events only' });

    await page.goto('/settings');
    await expect(page.getByTestId('sub-organizations-empty')).toBeVisible();
    await page.getByTestId('create-sub-organization').click();
    await page.locator('#sub-organization-name').fill(`North Chapter ${id}`);
    await page.getByLabel('Slug').fill(`north-${id}`);
    await page.getByTestId('save-sub-organization').click();
    await expect(page.getByTestId('sub-organizations')).toContainText(`North Chapter ${id}`);
    const switcher = page.getByTestId('organization-switcher');
    await expect(switcher.locator('option', { hasText: `North Chapter ${id}` })).toHaveCount(1);
    await screenshotWideAndNarrow(page, 'settings-sub-organizations');

    // Into the chapter with the switcher; an event there reaches the parent's including webhook only.
    const subId = await switcher.locator('option', { hasText: `North Chapter ${id}` }).getAttribute('value');
    await switcher.selectOption(subId!);
    await expect(page.getByTestId('organization-name')).toHaveText(`North Chapter ${id}`);
    const sent = await page.request.post('/api/v1/events', { headers: { origin: baseURL! }, data: { type: 'person.created', data: { signup: { id: 4242, email: 'north@example.com' } } } });
    expect(sent.status(), await sent.text()).toBe(202);
    await receiver.waitFor(() => receiver.on('/including').some((request) => request.body.includes('north@example.com')), 30_000);
    // The parent's other webhook got its ping only, never the chapter's event.
    await page.waitForTimeout(1_000);
    expect(receiver.on('/own-only').some((request) => request.body.includes('north@example.com'))).toBe(false);
    console.log(`sub-organization North Chapter ${id} made in Settings, listed in the switcher; its person.created reached the parent's "Includes chapters" webhook, not "Own events only"`);
    await page.context().close();
  } finally {
    await receiver.stop();
  }
});

test('the account page changes the password (other sessions end) and lists the organizations', async ({ browser }) => {
  const id = unique();
  const user = { email: `team-account-${id}@example.com`, password: 'team-account-password' };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', 'demo', '--role', 'viewer']);
  const elsewhere = await freshPage(browser);
  await signIn(elsewhere, user);
  const page = await freshPage(browser);
  await signIn(page, user);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-organization').first()).toContainText('Viewer');
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password').fill('team-account-new-password');
  await page.getByTestId('change-password').click();
  await expect(page.locator('#current-password-error')).toContainText('not right');
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password').fill('team-account-new-password');
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('password-changed')).toContainText('1 other session was signed out');
  await screenshotWideAndNarrow(page, 'account');
  // This browser still works; the other one does not.
  expect((await page.request.get('/api/v1/webhooks')).status()).toBe(200);
  expect((await elsewhere.request.get('/api/v1/webhooks')).status()).toBe(401);
  // The new password signs in.
  const again = await freshPage(browser);
  await signIn(again, { email: user.email, password: 'team-account-new-password' });
  console.log('password changed with the current one; the other session → 401; the new password signs in');
  for (const open of [elsewhere, page, again]) await open.context().close();
});

test('CLI parity: user invite prints a working link, user list shows the members, org create makes a sub-organization', async ({ browser }) => {
  const id = unique();
  const organization = await createOrganization(`team-cli-${id}`, `CLI Org ${id}`);
  const owner = { email: `team-cli-owner-${id}@example.com`, password: 'team-cli-password' };
  await tidings(['user', 'create', '--email', owner.email, '--password', owner.password, '--org', organization.slug, '--role', 'owner']);

  const invited = await tidings(['user', 'invite', '--org', organization.slug, '--email', `team-cli-invitee-${id}@example.com`, '--role', 'admin']);
  const link = invited.trim().split('\n').at(-1)!;
  expect(link).toMatch(/^http:\/\/localhost:\d+\/invitation#tdi_[A-Za-z0-9_-]{43}$/);
  const listed = await tidings(['user', 'list', '--org', organization.slug]);
  expect(listed).toContain(`${owner.email}\towner`);
  const created = await tidings(['org', 'create', '--parent', organization.slug, '--slug', `team-cli-sub-${id}`, '--name', `CLI Chapter ${id}`]);
  expect(created).toContain(`CLI Chapter ${id}`);
  console.log(`CLI: user invite → ${link.replace(/#.*/, '#…')}; user list → ${listed.trim().split('\n').length - 1} member(s); org create → ${created.trim()}`);

  const invitee = await freshPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByTestId('invitation-offer')).toContainText(`CLI Org ${id}`);
  await expect(invitee.getByTestId('invitation-offer')).toContainText('an admin');
  const page = await freshPage(browser);
  await signIn(page, owner);
  await expect(page.getByTestId('organization-switcher').locator('option', { hasText: `CLI Chapter ${id}` })).toHaveCount(1);
  await page.goto('/team');
  await expect(page.getByTestId('invitations-table').locator(`[data-email="team-cli-invitee-${id}@example.com"]`).filter({ visible: true })).toBeVisible();
  for (const open of [invitee, page]) await open.context().close();
});
