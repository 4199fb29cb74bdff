import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/sign-in';

// An axe-core pass over every console page, signed in, at a laptop and a phone width
// (the console works with the keyboard only and is readable at 1280 and 390 px). Any
// serious or critical violation fails it; each is printed with its rule, the elements
// it found and the page, so a failure says what to fix. A new page is added to PAGES.

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const SHOTS = 'test-results/screenshots/accessibility';

type Fixtures = { webhookId: string; deliveryId: string; portalPath: string };

type ConsolePage = {
  name: string;
  signedIn: boolean;
  path: (fixtures: Fixtures) => string;
  /** Waits for the state the check should see: data loaded, a drawer or a request open. */
  ready: (page: Page) => Promise<void>;
  /** An open sheet is fixed to the viewport: a full-page capture would misplace it. */
  screenshot?: 'viewport';
};

const drawerDetail = (page: Page) => page.getByTestId('delivery-drawer').getByTestId('delivery-detail');

async function openFirstDelivery(page: Page) {
  await page.getByTestId('delivery-row').first().click();
  await expect(drawerDetail(page).getByTestId('attempts-timeline')).toBeVisible();
}

const PAGES: ConsolePage[] = [
  {
    name: 'sign-in',
    signedIn: false,
    path: () => '/sign-in',
    ready: async (page) => expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible(),
  },
  {
    name: 'dashboard',
    signedIn: true,
    path: () => '/',
    ready: async (page) => expect(page.getByTestId('dashboard-webhook').first()).toBeVisible(),
  },
  {
    name: 'webhooks',
    signedIn: true,
    path: () => '/webhooks',
    ready: async (page) => expect(page.getByTestId('webhook-row').first()).toBeVisible(),
  },
  {
    name: 'webhooks-menu',
    signedIn: true,
    path: () => '/webhooks',
    ready: async (page) => {
      await page.getByRole('button', { name: 'Actions for Finance ledger' }).filter({ visible: true }).click();
      await expect(page.getByRole('menu', { name: 'Actions for Finance ledger' })).toBeVisible();
    },
  },
  {
    name: 'webhooks-rotate-dialog',
    signedIn: true,
    path: () => '/webhooks',
    ready: async (page) => {
      await page.getByRole('button', { name: 'Actions for Finance ledger' }).filter({ visible: true }).click();
      await page.getByRole('menuitem', { name: 'Rotate secret' }).click();
      await expect(page.getByTestId('rotate-dialog')).toBeVisible();
    },
  },
  {
    name: 'webhook-new',
    signedIn: true,
    path: () => '/webhooks/new',
    ready: async (page) => expect(page.getByTestId('events-picker')).toBeVisible(),
  },
  {
    name: 'webhook-edit',
    signedIn: true,
    path: ({ webhookId }) => `/webhooks/${webhookId}/edit`,
    ready: async (page) => expect(page.getByTestId('webhook-form').getByLabel('Name')).toHaveValue('Finance ledger'),
  },
  {
    name: 'webhook-deliveries-drawer',
    signedIn: true,
    screenshot: 'viewport',
    path: ({ webhookId }) => `/webhooks/${webhookId}/deliveries`,
    ready: openFirstDelivery,
  },
  {
    name: 'webhook-send-test',
    signedIn: true,
    path: ({ webhookId }) => `/webhooks/${webhookId}/deliveries?test=1`,
    ready: async (page) => expect(page.getByTestId('send-test-panel').getByTestId('test-sample')).toContainText('"'),
  },
  {
    name: 'webhook-replay-panel',
    signedIn: true,
    path: ({ webhookId }) => `/webhooks/${webhookId}/deliveries?replay=1`,
    ready: async (page) => expect(page.getByTestId('replay-panel')).toBeVisible(),
  },
  {
    name: 'deliveries',
    signedIn: true,
    path: () => '/deliveries',
    ready: async (page) => expect(page.getByTestId('delivery-row').first()).toBeVisible(),
  },
  {
    name: 'deliveries-drawer-request',
    signedIn: true,
    screenshot: 'viewport',
    path: () => '/deliveries',
    ready: async (page) => {
      await openFirstDelivery(page);
      await drawerDetail(page).getByRole('tab', { name: 'Request' }).click();
      await expect(drawerDetail(page).getByTestId('request-headers')).toBeVisible();
    },
  },
  {
    name: 'deliveries-drawer-response',
    signedIn: true,
    screenshot: 'viewport',
    path: () => '/deliveries',
    ready: async (page) => {
      await openFirstDelivery(page);
      await drawerDetail(page).getByRole('tab', { name: 'Response' }).click();
      await expect(drawerDetail(page).getByTestId('response-status')).toBeVisible();
    },
  },
  {
    name: 'delivery',
    signedIn: true,
    path: ({ deliveryId }) => `/deliveries/${deliveryId}`,
    ready: async (page) => expect(page.getByTestId('delivery-detail').getByTestId('attempts-timeline')).toBeVisible(),
  },
  {
    name: 'deliveries-search',
    signedIn: true,
    path: () => '/deliveries?q=joe&event=donation.*&status=SUCCEEDED',
    ready: async (page) => {
      await expect(page.getByTestId('delivery-search')).toHaveValue('joe');
      await expect(page.getByTestId('delivery-row').first()).toBeVisible();
    },
  },
  {
    name: 'webhook-portal-links',
    signedIn: true,
    path: ({ webhookId }) => `/webhooks/${webhookId}/deliveries?portal=1`,
    ready: async (page) => expect(page.getByTestId('portal-links-panel').getByTestId('portal-link').first()).toBeVisible(),
  },
  {
    name: 'portal',
    signedIn: false,
    path: ({ portalPath }) => portalPath,
    ready: async (page) => expect(page.getByTestId('delivery-row').first()).toBeVisible(),
  },
  {
    name: 'portal-delivery',
    signedIn: false,
    screenshot: 'viewport',
    path: ({ portalPath, deliveryId }) => `${portalPath}?delivery=${deliveryId}`,
    ready: async (page) => expect(drawerDetail(page).getByTestId('attempts-timeline')).toBeVisible(),
  },
  {
    name: 'portal-send-test',
    signedIn: false,
    path: ({ portalPath }) => `${portalPath}?test=1`,
    ready: async (page) => expect(page.getByTestId('send-test-panel').getByTestId('test-sample')).toContainText('"'),
  },
  {
    name: 'portal-link-not-valid',
    signedIn: false,
    path: () => `/portal/tdp_${'x'.repeat(43)}`,
    ready: async (page) => expect(page.getByTestId('portal-refusal')).toBeVisible(),
  },
  {
    name: 'forms',
    signedIn: true,
    path: () => '/forms',
    ready: async (page) => expect(page.getByTestId('forms-table')).toContainText('Spring Gala 2027 Registration'),
  },
  {
    name: 'api-keys',
    signedIn: true,
    path: () => '/api-keys',
    ready: async (page) => {
      await expect(page.getByTestId('api-keys-table')).toBeVisible();
      await page.getByTestId('create-api-key').click();
      await expect(page.getByTestId('create-api-key-form')).toBeVisible();
    },
  },
  {
    name: 'team',
    signedIn: true,
    path: () => '/team',
    ready: async (page) => {
      await expect(page.getByTestId('members-table')).toBeVisible();
      await page.getByTestId('invite-member').click();
      await expect(page.getByTestId('invite-form')).toBeVisible();
    },
  },
  {
    name: 'account',
    signedIn: true,
    path: () => '/account',
    ready: async (page) => expect(page.getByTestId('change-password-form')).toBeVisible(),
  },
  {
    name: 'settings',
    signedIn: true,
    path: () => '/settings',
    ready: async (page) => expect(page.getByTestId('sub-organizations').or(page.getByTestId('sub-organizations-empty'))).toBeVisible(),
  },
  {
    name: 'invitation-without-token',
    signedIn: false,
    path: () => '/invitation',
    ready: async (page) => expect(page.getByTestId('invitation-unusable')).toBeVisible(),
  },
  {
    name: 'api-reference',
    signedIn: true,
    path: () => '/docs/api',
    ready: async (page) => expect(page.getByTestId('api-operation').first()).toBeVisible(),
  },
  {
    name: 'audit-log',
    signedIn: true,
    path: () => '/audit-log?action=webhook.*',
    ready: async (page) => expect(page.getByTestId('audit-row').first()).toBeVisible(),
  },
  {
    name: 'inbox',
    signedIn: true,
    path: () => '/inbox',
    ready: async (page) => {
      await page.getByTestId('inbox-list').getByTestId('inbox-item').filter({ hasText: 'Finance ledger' }).click();
      const request = page.getByTestId('inbox-request').first();
      await expect(request.getByTestId('signature-status')).toBeVisible();
      await request.getByRole('button', { expanded: false }).click();
      await expect(request.getByTestId('request-body')).toBeVisible();
    },
  },
];

/** A delivery of Finance ledger with a recorded attempt and an API key, so drawers, the delivery page and the keys table have content. */
async function prepareFixtures(page: Page, origin: string): Promise<Fixtures> {
  const list = await page.request.get('/api/v1/webhooks?limit=100');
  expect(list.status()).toBe(200);
  const { data } = (await list.json()) as { data: { webhookId: string; name: string }[] };
  const ledger = data.find((webhook) => webhook.name === 'Finance ledger');
  expect(ledger, 'seeded webhook "Finance ledger"').toBeTruthy();
  const sent = await page.request.post(`/api/v1/webhooks/${ledger!.webhookId}/test`, {
    data: { event: 'donation.created' },
    headers: { origin },
  });
  expect(sent.status(), await sent.text()).toBe(202);
  const { deliveryId } = (await sent.json()) as { deliveryId: string };
  // The seed has no API keys: one key gives the API keys page its table.
  const key = await page.request.post('/api/v1/api-keys', { data: { name: 'Accessibility check', scopes: ['webhooks:read'] }, headers: { origin } });
  expect(key.status(), await key.text()).toBe(201);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/deliveries/${deliveryId}`)).json()) as { status: string }).status)
    .toBe('SUCCEEDED');
  // A consumer portal link of Finance ledger, opened without the console's cookies.
  const link = await page.request.post(`/api/v1/webhooks/${ledger!.webhookId}/portal-links`, { data: { expiresInHours: 24, allowResend: true }, headers: { origin } });
  expect(link.status(), await link.text()).toBe(201);
  const portalPath = new URL(((await link.json()) as { url: string }).url).pathname;
  return { webhookId: ledger!.webhookId, deliveryId, portalPath };
}

type Finding = { page: string; width: number; rule: string; impact: string; help: string; targets: string[] };

function describe(finding: Finding): string {
  return `${finding.page} @ ${finding.width} px: ${finding.rule} (${finding.impact}) ${finding.help}\n    ${finding.targets.join('\n    ')}`;
}

for (const viewport of WIDTHS) {
  test(`no serious or critical axe-core violation on any console page at ${viewport.width} px`, async ({ page, baseURL }) => {
    test.setTimeout(PAGES.length * 30_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    const fixtures = await prepareFixtures(page, baseURL!);
    await page.setViewportSize(viewport);

    const findings: Finding[] = [];
    for (const consolePage of PAGES) {
      const where = `${consolePage.name} (${consolePage.path(fixtures)})`;
      const context = consolePage.signedIn ? page.context() : await page.context().browser()!.newContext({ baseURL });
      const tab = consolePage.signedIn ? page : await context.newPage();
      try {
        await tab.setViewportSize(viewport);
        await tab.goto(consolePage.path(fixtures));
        await consolePage.ready(tab);
        const results = await new AxeBuilder({ page: tab }).analyze();
        for (const violation of results.violations) {
          if (!FAILING_IMPACTS.has(violation.impact ?? '')) continue;
          const finding: Finding = {
            page: where,
            width: viewport.width,
            rule: violation.id,
            impact: violation.impact!,
            help: violation.help,
            targets: violation.nodes.map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
          };
          findings.push(finding);
          console.log(describe(finding));
        }
        await tab.screenshot({ path: `${SHOTS}/${consolePage.name}-${viewport.width}.png`, fullPage: consolePage.screenshot !== 'viewport' });
      } catch (error) {
        // A page that never reached its state was not checked: that fails the pass too.
        const finding: Finding = { page: where, width: viewport.width, rule: 'not-checked', impact: 'critical', help: 'the page did not reach the state to check', targets: [String(error).split('\n')[0]] };
        findings.push(finding);
        console.log(describe(finding));
      } finally {
        if (!consolePage.signedIn) await context.close();
      }
    }

    const violations = findings.filter((finding) => finding.rule !== 'not-checked');
    const count = violations.reduce((sum, finding) => sum + finding.targets.length, 0);
    console.log(`axe-core at ${viewport.width} px: ${PAGES.length - (findings.length - violations.length)} of ${PAGES.length} pages checked, ${count} serious or critical violations`);
    expect(findings.map(describe), `serious or critical axe-core violations at ${viewport.width} px`).toEqual([]);
  });
}
