import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { Receiver } from '../tests/support/receiver';
import { screenshotWideAndNarrow, screenshot } from './support/screenshots';
import { signIn } from './support/sign-in';
import { createWebhook } from './support/webhooks';

// Delivery search (issue 18 item 1) and the consumer portal (item 2), in a real browser
// against the built app, the real worker and a real loopback receiver: type a donor's
// email into the Deliveries search, the URL carries it and a reload keeps it; a portal
// link made on the webhook's page opens in a fresh browser context (no console cookies),
// shows the webhook's deliveries with request and response, resends one, and once
// revoked shows a page that says so.

const unique = () => Math.random().toString(36).slice(2, 8);

/** An API key of the signed-in user's organization that may send events. */
async function eventsKey(request: APIRequestContext, origin: string): Promise<string> {
  const response = await request.post('/api/v1/api-keys', { data: { name: `search e2e ${unique()}`, scopes: ['events:write'] }, headers: { origin } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

/** Sends a donation.created whose donor has `email`; returns its delivery to `webhookId` (the API answers the event id and a count). */
async function sendDonation(request: APIRequestContext, key: string, webhookId: string, email: string): Promise<string> {
  const sample = (await (await request.get('/api/v1/event-types/donation.created/sample')).json()) as { data: { donation: { donor: { email: string } } } };
  sample.data.donation.donor.email = email;
  const response = await request.post('/api/v1/events', { data: { type: 'donation.created', data: sample.data }, headers: { authorization: `Bearer ${key}` } });
  expect(response.status(), await response.text()).toBe(202);
  const { eventId } = (await response.json()) as { eventId: string };
  const list = await request.get(`/api/v1/webhooks/${webhookId}/deliveries?limit=100`);
  const delivery = ((await list.json()) as { data: { id: string; eventId: string }[] }).data.find((row) => row.eventId === eventId);
  expect(delivery, `the delivery of ${eventId}`).toBeTruthy();
  return delivery!.id;
}

const rows = (page: Page) => page.getByTestId('delivery-row');

test('search: a donor’s email typed into Deliveries narrows the list, the URL carries it, a reload keeps it', async ({ page, baseURL }) => {
  const receiver = await new Receiver().start();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    const webhook = await createWebhook(page.request, baseURL!, { name: `Search target ${unique()}`, url: receiver.url('/search'), events: ['donation.created'], pingOnCreate: false });
    const key = await eventsKey(page.request, baseURL!);
    const email = `search-${unique()}@donors.example.org`;
    const found = await sendDonation(page.request, key, webhook.webhookId, email);
    const other = await sendDonation(page.request, key, webhook.webhookId, `someone-else-${unique()}@donors.example.org`);
    // The event goes to every webhook of the organization that takes donations (the demo's,
    // and those other specs made, held ones too). So the search shows exactly the deliveries
    // of the donor's event, whichever webhooks they went to, and never the other donor's.
    const foundEvent = await page.request.get(`/api/v1/deliveries/${found}`);
    const donorEventId = ((await foundEvent.json()) as { eventId: string }).eventId;
    const expectOnlyTheDonor = () =>
      expect
        .poll(async () => {
          const ids = await rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-delivery-id')));
          if (!ids.includes(found) || ids.includes(other)) return false;
          for (const id of ids) {
            const detail = (await (await page.request.get(`/api/v1/deliveries/${id}`)).json()) as { eventId: string };
            if (detail.eventId !== donorEventId) return false;
          }
          return true;
        })
        .toBe(true);

    await page.goto('/deliveries');
    await expect(rows(page).first()).toBeVisible();
    await page.getByTestId('delivery-search').fill(email);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(email).replace(/\./g, '\\.')}`));
    await expectOnlyTheDonor();
    const shown = await rows(page).count();

    // A filter combines with the search, and both survive a reload (a shared link opens the same view).
    await page.getByTestId('filter-event').selectOption('donation.*');
    await expect(page).toHaveURL(/event=donation\.\*/);
    await page.reload();
    await expect(page.getByTestId('delivery-search')).toHaveValue(email);
    await expect(page.getByTestId('filter-event')).toHaveValue('donation.*');
    await expectOnlyTheDonor();
    await expect(rows(page)).toHaveCount(shown);
    await screenshotWideAndNarrow(page, 'deliveries-search');

    // Nothing matches: the page says so with the words searched.
    await page.getByTestId('delivery-search').fill('no-such-donor-anywhere');
    await expect(page.getByTestId('deliveries-empty')).toContainText('no-such-donor-anywhere');
    await page.getByTestId('clear-filters').click();
    await expect(page.getByTestId('delivery-search')).toHaveValue('');
    await expect(page).not.toHaveURL(/[?&]q=/);
  } finally {
    await receiver.stop();
  }
});

test('portal: a link made on the webhook’s page opens in a fresh browser, shows request and response, resends; revoked, it says so', async ({ page, browser, baseURL }) => {
  const receiver = await new Receiver().start();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    const name = `Portal target ${unique()}`;
    const webhook = await createWebhook(page.request, baseURL!, { name, url: receiver.url('/portal'), events: ['donation.created'], pingOnCreate: false });
    const key = await eventsKey(page.request, baseURL!);
    const email = `portal-${unique()}@donors.example.org`;
    const deliveryId = await sendDonation(page.request, key, webhook.webhookId, email);
    await expect.poll(async () => ((await (await page.request.get(`/api/v1/deliveries/${deliveryId}`)).json()) as { status: string }).status).toBe('SUCCEEDED');

    // The webhook's page: Portal links → a link of 1 day that may resend.
    await page.goto(`/webhooks/${webhook.webhookId}/deliveries`);
    await page.getByTestId('open-portal-links').click();
    const panel = page.getByTestId('portal-links-panel');
    await panel.getByTestId('portal-link-expiry').selectOption('24');
    await panel.getByTestId('portal-link-allow-resend').click();
    await panel.getByTestId('portal-link-create').click();
    const url = (await panel.getByTestId('portal-link-url').textContent())!.trim();
    expect(url).toMatch(/\/portal\/tdp_[A-Za-z0-9_-]{43}$/);
    await expect(panel.getByTestId('portal-link')).toHaveCount(1);
    await expect(panel.getByTestId('portal-link').first()).toHaveAttribute('data-status', 'active');
    await screenshotWideAndNarrow(page, 'webhook-portal-links');

    // A fresh browser context: no console cookies at all.
    const stranger = await browser.newContext({ baseURL });
    expect(await stranger.cookies()).toEqual([]);
    const portal = await stranger.newPage();
    await portal.setViewportSize({ width: 1280, height: 900 });
    const opened = await portal.goto(url);
    // The same security headers as every page (proxy.ts).
    expect(opened?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(opened?.headers()['referrer-policy']).toBe('same-origin');
    await expect(portal.getByTestId('portal-webhook-name')).toHaveText(name);
    await expect(rows(portal)).toHaveCount(1);
    // Nothing of the console: no navigation, no other webhook, no sign-in.
    await expect(portal.getByTestId('signed-in-user')).toHaveCount(0);
    await expect(portal).toHaveURL(url);
    await screenshotWideAndNarrow(portal, 'portal');

    // Search works here too, kept in the URL.
    await portal.getByTestId('delivery-search').fill(email);
    await expect(portal).toHaveURL(/[?&]q=/);
    await expect(rows(portal)).toHaveCount(1);

    // The delivery: request and response, then Resend adds attempt 2.
    await rows(portal).first().click();
    const detail = portal.getByTestId('delivery-drawer').getByTestId('delivery-detail');
    await expect(detail.getByTestId('attempts-timeline')).toBeVisible();
    await detail.getByRole('tab', { name: 'Request' }).click();
    await expect(detail.getByTestId('request-headers')).toBeVisible();
    await detail.getByRole('tab', { name: 'Response' }).click();
    await expect(detail.getByTestId('response-status')).toBeVisible();
    await screenshot(portal, 'portal-delivery-1280');
    await detail.getByTestId('resend-delivery').click();
    await expect(detail.getByTestId('delivery-attempt-count')).toHaveText('2', { timeout: 30_000 });
    await portal.setViewportSize({ width: 390, height: 844 });
    await screenshot(portal, 'portal-delivery-390');
    await portal.setViewportSize({ width: 1280, height: 900 });
    await detail.page().getByTestId('close-delivery').click();

    // Send a Test from the portal.
    await portal.getByTestId('open-send-test').click();
    await portal.getByTestId('send-test-panel').getByTestId('send-test-submit').click();
    await expect(portal.getByTestId('delivery-drawer').getByTestId('delivery-detail')).toBeVisible();
    await expect(portal.getByTestId('delivery-drawer').getByTestId('delivery-detail')).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 30_000 });

    // Revoke in the console: the portal page says the link was revoked.
    await page.getByTestId('portal-link-revoke').click();
    await page.getByTestId('portal-link-revoke-confirm').click();
    await expect(panel.getByTestId('portal-link').first()).toHaveAttribute('data-status', 'revoked');
    await portal.goto(url);
    await expect(portal.getByTestId('portal-refusal')).toContainText('revoked');
    await screenshotWideAndNarrow(portal, 'portal-revoked');
    await stranger.close();
  } finally {
    await receiver.stop();
  }
});
