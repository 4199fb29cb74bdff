import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import type { Operation } from '../../lib/http/openapi';
import { errorShapeProblem, validBody } from '../../tests/support/operation-calls';
import { tidings } from '../support/cli';
import { captureState, changesSince, createOrganization, organizationId } from '../support/database';
import { signIn } from '../support/sign-in';
import { screenshot } from '../support/screenshots';

// Against the running product (`npm start`), where the console session is real: a viewer
// of the demo organization changes nothing, whatever it calls; a user of another
// organization, or of the demo's sub-organization, reaches none of the demo's rows, in
// the console or through the API, and a forged organization cookie changes nothing.
// The operations come from the server's own OpenAPI document (generated from the same
// registry the routes are checked against). Other specs share this server: the specs
// make their own users and organizations, and "nothing changed" is judged by rows
// created since a moment plus a dump of every configuration row.

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

type ApiOperation = Pick<Operation, 'method' | 'path'> & { hasBody: boolean };

async function listOperations(request: APIRequestContext): Promise<ApiOperation[]> {
  const document = (await (await request.get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown[] }>> };
  const operations: ApiOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, description] of Object.entries(methods)) {
      if (Array.isArray(description.security) && description.security.length === 0) continue; // public: the document itself
      operations.push({ method: method as Operation['method'], path, hasBody: Boolean(description.requestBody) });
    }
  }
  expect(operations.length).toBeGreaterThan(20);
  return operations;
}

const label = (operation: ApiOperation) => `${operation.method.toUpperCase()} ${operation.path}`;

type DemoIds = {
  organization: string; webhook: string; webhookName: string; webhookUrl: string; delivery: string; apiKey: string; inbox: string;
  member: string; invitation: string; subOrganization: string; all: string[];
};

function idFor(operation: ApiOperation, ids: DemoIds): string | null {
  if (operation.path.startsWith('/webhooks/{id}')) return ids.webhook;
  if (operation.path.startsWith('/deliveries/{id}')) return ids.delivery;
  if (operation.path.startsWith('/api-keys/{id}')) return ids.apiKey;
  if (operation.path.startsWith('/inboxes/{id}')) return ids.inbox;
  if (operation.path.startsWith('/members/{id}')) return ids.member;
  if (operation.path.startsWith('/invitations/{id}')) return ids.invitation;
  if (operation.path.startsWith('/organizations/{id}')) return ids.subOrganization;
  if (operation.path.startsWith('/event-types/{type}')) return 'donation.created';
  // Kajabi's `/hooks/{event}_sample` names a catalog sample, not a row of any organization.
  if (operation.path.startsWith('/hooks/{hook}')) return 'tag_added_sample';
  if (operation.path.includes('{')) throw new Error(`no demo id known for ${operation.path}`);
  return null;
}

async function send(request: APIRequestContext, operation: ApiOperation, ids: DemoIds, origin: string, extra: { query?: string } = {}) {
  const id = idFor(operation, ids);
  const url = `/api/v1${operation.path.replace(/\{\w+\}/, encodeURIComponent(id ?? ''))}${extra.query ? `?${extra.query}` : ''}`;
  const body = operation.hasBody ? validBody(operation, { webhookUrl: 'https://example.com/faults-tenancy' }) : undefined;
  const response = await request.fetch(url, {
    method: operation.method.toUpperCase(),
    data: body,
    headers: operation.method === 'get' ? {} : { origin },
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the callers' expectations say what was wanted
  }
  return { status: response.status(), body: json as { error?: { code: string } } & Record<string, unknown>, text };
}

async function signedInPage(browser: Browser, credentials: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, credentials);
  return page;
}

/** A console user made with the CLI, as an operator would: faults-<name>-<unique>@example.com. */
async function createUser(organizationSlug: string, role: 'viewer' | 'admin' | 'owner', name: string) {
  const user = { email: `faults-${name}-${unique}@example.com`, password: `faults-${name}-password` };
  await tidings(['user', 'create', '--email', user.email, '--password', user.password, '--org', organizationSlug, '--role', role]);
  return user;
}

/** The demo's admin, signed in, and the ids of the demo's rows it reads. */
async function demoAdmin(browser: Browser, origin: string): Promise<{ admin: Page; ids: DemoIds }> {
  const admin = await signedInPage(browser, E2E_ADMIN);
  return { admin, ids: await demoIds(admin, origin) };
}

/** Real ids of the demo organization's rows, read by its admin (an API key is made for the purpose). */
async function demoIds(admin: Page, origin: string): Promise<DemoIds> {
  const webhooks = (await (await admin.request.get('/api/v1/webhooks?limit=100')).json()).data as { webhookId: string; name: string; url: string }[];
  const ledger = webhooks.find((webhook) => webhook.name === 'Finance ledger')!;
  const deliveries = (await (await admin.request.get(`/api/v1/webhooks/${ledger.webhookId}/deliveries?limit=5`)).json()).data as { id: string }[];
  const minted = await admin.request.post('/api/v1/api-keys', { headers: { origin }, data: { name: `faults tenancy ${unique}`, scopes: ['webhooks:read'] } });
  expect(minted.status()).toBe(201);
  const inboxes = (await (await admin.request.get('/api/v1/inboxes')).json()).data as { id: string; token: string }[];
  const forms = (await (await admin.request.get('/api/v1/forms?limit=100')).json()).data as { formId: string }[];
  const events = deliveries.length ? [((await (await admin.request.get(`/api/v1/deliveries/${deliveries[0].id}`)).json()) as { eventId: string }).eventId] : [];
  expect(deliveries.length, 'the seeded Finance ledger has deliveries (its ping at least)').toBeGreaterThan(0);
  const apiKey = ((await minted.json()) as { apiKey: { id: string } }).apiKey.id;
  const organization = await organizationId('demo');
  const members = (await (await admin.request.get('/api/v1/members')).json()).data as { id: string; email: string }[];
  const invited = await admin.request.post('/api/v1/invitations', { headers: { origin }, data: { email: `faults-invitee-${unique}@example.com`, role: 'viewer' } });
  expect(invited.status()).toBe(201);
  const invitation = ((await invited.json()) as { invitation: { id: string } }).invitation.id;
  const subOrganization = await organizationId('demo-east');
  return {
    organization,
    webhook: ledger.webhookId,
    webhookName: ledger.name,
    webhookUrl: ledger.url,
    delivery: deliveries[0].id,
    apiKey,
    inbox: inboxes[0].id,
    member: members.find((member) => member.email === E2E_ADMIN.email)!.id,
    invitation,
    subOrganization,
    all: [organization, subOrganization, ...members.map((member) => member.id), ...members.map((member) => member.email), invitation, ...webhooks.map((webhook) => webhook.webhookId), ...deliveries.map((delivery) => delivery.id), apiKey, ...inboxes.map((inbox) => inbox.id), ...inboxes.map((inbox) => inbox.token), ...forms.map((form) => form.formId), ...events],
  };
}

/** What the admin sees of the demo organization's configuration (counters and last-use times aside: the worker moves them). */
async function adminView(admin: Page, ids: DemoIds) {
  const strip = <T extends Record<string, unknown>>(rows: T[], ...keys: string[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key))));
  const get = async (url: string) => (await admin.request.get(url)).json();
  const webhook = await get(`/api/v1/webhooks/${ids.webhook}`);
  return {
    webhooks: strip((await get('/api/v1/webhooks?limit=100')).data, 'successCount', 'failureCount', 'consecutiveFailures', 'lastDeliveryAt'),
    webhook: strip([webhook], 'successCount', 'failureCount', 'consecutiveFailures', 'lastDeliveryAt'),
    apiKeys: strip((await get('/api/v1/api-keys')).data, 'lastUsedAt'),
    forms: (await get('/api/v1/forms?limit=100')).data,
    inboxes: strip((await get('/api/v1/inboxes')).data, 'lastReceivedAt'),
  };
}

function leaked(body: unknown, ids: DemoIds, ...allowed: string[]): string[] {
  const text = JSON.stringify(body);
  return ids.all.filter((id) => !allowed.includes(id) && text.includes(id));
}

test('a viewer gets 403 for every state-changing operation, and nothing changes', async ({ browser, baseURL }) => {
  const origin = baseURL!;
  const viewer = await createUser('demo', 'viewer', 'viewer');
  const { admin, ids } = await demoAdmin(browser, origin);
  const page = await signedInPage(browser, viewer);
  const operations = (await listOperations(page.request)).filter((operation) => operation.method !== 'get');
  console.log(`viewer ${viewer.email} signed in; ${operations.length} state-changing operations from /api/v1/openapi.json, aimed at the demo's real ids`);

  const before = await captureState();
  const seenBefore = await adminView(admin, ids);
  for (const operation of operations) {
    const response = await send(page.request, operation, ids, origin);
    expect(response.status, `${label(operation)}: ${response.text.slice(0, 200)}`).toBe(403);
    expect(response.body.error?.code, label(operation)).toBe('forbidden');
    expect(errorShapeProblem(response.status, response.body)).toBeNull();
    console.log(`viewer: ${label(operation)} (same-origin, valid body) → 403 ${response.body.error?.code}`);
  }
  expect(await changesSince(before)).toEqual([]);
  expect(await adminView(admin, ids)).toEqual(seenBefore);
  console.log('checked: no row created (no event, delivery, job, key, form, inbox, webhook), every configuration row identical, and the admin sees the same webhooks, keys, forms and inboxes');

  // What a viewer may do still works: the refusals are about the role, not a broken session.
  expect((await page.request.get(`/api/v1/webhooks/${ids.webhook}`)).status()).toBe(200);
  expect((await page.request.get(`/api/v1/deliveries/${ids.delivery}`)).status()).toBe(200);
  await admin.context().close();
  await page.context().close();
});

test("a user of another organization sees not-found pages for the demo's ids, and the API answers 404", async ({ browser, baseURL }) => {
  const origin = baseURL!;
  const other = await createOrganization(`faults-other-${unique}`, `Faults Other ${unique}`);
  const user = await createUser(other.slug, 'owner', 'other');
  const { admin, ids } = await demoAdmin(browser, origin);
  const page = await signedInPage(browser, user);
  await expect(page.getByTestId('organization-name')).toHaveText(`Faults Other ${unique}`);

  const pages: { path: string; error: string }[] = [
    { path: `/webhooks/${ids.webhook}/edit`, error: 'webhook-load-error' },
    { path: `/webhooks/${ids.webhook}/deliveries`, error: 'webhook-load-error' },
    { path: `/deliveries/${ids.delivery}`, error: 'delivery-load-error' },
  ];
  for (const entry of pages) {
    await page.goto(entry.path);
    await expect(page.getByTestId(entry.error)).toContainText('does not exist in this organization');
    const shown = await page.locator('main').innerText();
    expect(shown).not.toContain(ids.webhookName);
    expect(shown).not.toContain(ids.webhookUrl);
    expect(shown).not.toContain(ids.delivery.slice(4));
    console.log(`other-organization user: ${entry.path} → "${(await page.getByTestId(entry.error).innerText()).slice(0, 60)}…", no name, URL or payload of the demo's`);
  }
  await screenshot(page, 'faults-other-organization-delivery', { fullPage: true });

  const before = await captureState();
  const operations = await listOperations(page.request);
  for (const operation of operations.filter((candidate) => candidate.path.includes('{') && !candidate.path.startsWith('/event-types') && !candidate.path.startsWith('/hooks/'))) {
    const response = await send(page.request, operation, ids, origin);
    expect(response.status, `${label(operation)}: ${response.text.slice(0, 200)}`).toBe(404);
    expect(errorShapeProblem(response.status, response.body)).toBeNull();
    console.log(`other-organization user: ${label(operation)} with the demo's id → 404 ${response.body.error?.code}`);
  }
  for (const operation of operations.filter((candidate) => candidate.method === 'get' && !candidate.path.includes('{'))) {
    for (const query of operation.path === '/deliveries' ? ['', `webhookId=${ids.webhook}`] : ['']) {
      const response = await send(page.request, operation, ids, origin, { query });
      expect(response.status, label(operation)).toBe(200);
      expect(leaked(response.body, ids), `${label(operation)}?${query}`).toEqual([]);
      console.log(`other-organization user: ${label(operation)}${query ? `?${query}` : ''} → 200 with none of the demo's ${ids.all.length} ids`);
    }
  }
  const postEvent = await page.request.post('/api/v1/events', { headers: { origin }, data: { ...(validBody({ method: 'post', path: '/events' }) as object), organizationId: ids.organization } });
  expect(postEvent.status()).toBe(404);
  console.log(`other-organization user: POST /events with the demo's organizationId → 404 ${(await postEvent.json()).error.code}`);
  expect(await changesSince(before)).toEqual([]);
  console.log('checked: nothing created, every configuration row identical');
  await admin.context().close();
  await page.context().close();
});

test('a forged tidings_org cookie does not open another organization; a legitimate one switches', async ({ browser, baseURL }) => {
  const origin = baseURL!;
  const other = await createOrganization(`faults-cookie-${unique}`, `Faults Cookie ${unique}`);
  const user = await createUser(other.slug, 'admin', 'cookie');
  const east = await createUser('demo-east', 'admin', 'east');
  const { admin, ids } = await demoAdmin(browser, origin);
  const eastId = await organizationId('demo-east');
  const before = await captureState();

  const cases: { who: { email: string; password: string }; own: string; forged: { name: string; value: string }[] }[] = [
    {
      who: user,
      own: `Faults Cookie ${unique}`,
      forged: [
        { name: 'the demo organization', value: ids.organization },
        { name: "the demo's sub-organization", value: eastId },
        { name: 'a broken escape "%"', value: '%' },
        { name: '4,000 characters', value: 'x'.repeat(4000) },
      ],
    },
    // A member of the sub-organization only: the cookie cannot lift it to the parent.
    { who: east, own: 'Demo Nation East', forged: [{ name: 'its parent, the demo organization', value: ids.organization }] },
  ];
  for (const entry of cases) {
    const page = await signedInPage(browser, entry.who);
    for (const forged of entry.forged) {
      await page.context().addCookies([{ name: 'tidings_org', value: forged.value, url: origin }]);
      await page.goto('/webhooks');
      await expect(page.getByTestId('organization-name')).toHaveText(entry.own);
      await expect(page.getByTestId('webhooks-table').or(page.getByTestId('webhooks-empty'))).toBeVisible();
      expect(await page.locator('main').innerText()).not.toContain(ids.webhookName);
      const list = await page.request.get('/api/v1/webhooks?limit=100');
      expect(list.status(), forged.name).toBe(200);
      expect(leaked(await list.json(), ids)).toEqual([]);
      const detail = await page.request.get(`/api/v1/webhooks/${ids.webhook}`);
      expect(detail.status(), forged.name).toBe(404);
      const patch = await page.request.patch(`/api/v1/webhooks/${ids.webhook}`, { headers: { origin }, data: { name: 'forged' } });
      expect(patch.status(), forged.name).toBe(404);
      const resend = await page.request.post(`/api/v1/deliveries/${ids.delivery}/resend`, { headers: { origin } });
      expect(resend.status(), forged.name).toBe(404);
      console.log(`${entry.who.email}: tidings_org = ${forged.name} → console still shows "${entry.own}", webhook list without the demo's, GET/PATCH webhook and resend delivery → 404`);
    }
    await page.context().close();
  }
  const eventFromEast = await (async () => {
    const page = await signedInPage(browser, east);
    const response = await page.request.post('/api/v1/events', {
      headers: { origin },
      data: { ...(validBody({ method: 'post', path: '/events' }) as object), organizationId: ids.organization },
    });
    await page.context().close();
    return response;
  })();
  expect(eventFromEast.status()).toBe(404);
  console.log(`${east.email} (demo-east admin): POST /events with the parent's organizationId → 404`);
  expect(await changesSince(before)).toEqual([]);
  console.log('checked: nothing created, every configuration row identical');

  // Control: the admin of the demo may select its sub-organization with the same cookie.
  await admin.context().addCookies([{ name: 'tidings_org', value: eastId, url: origin }]);
  await admin.goto('/webhooks');
  await expect(admin.getByTestId('organization-name')).toHaveText('Demo Nation East');
  expect((await admin.request.get(`/api/v1/webhooks/${ids.webhook}`)).status()).toBe(404);
  console.log("control: the demo's admin with tidings_org = demo-east works in Demo Nation East (and the parent's webhook is 404 there)");
  await admin.context().close();
});
