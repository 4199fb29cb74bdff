// An organization's default wire format for webhooks created without one (SPEC §9). A
// CharityStack client is written from CharityStack's "Create a webhook" document alone: it
// registers exactly as the document's example does (url, events, description; no format,
// which the document does not have), reads the 201 the document shows, verifies
// X-Webhook-Signature as the document's verification guide describes
// (tests/support/strict-receivers.ts), and was promised no ping.
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as organizationRoute from '../app/api/v1/organization/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { getEventType } from '../lib/events/catalog/definitions';
import { call, createKey, createOrganization } from './support/fixtures';
import { CHARITYSTACK_CREATED, receiveCharityStack } from './support/strict-receivers';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

const { receiver } = withWorkerAndReceiver();
const sample = (type: string) => getEventType(type)!.sample();

async function setUp() {
  const organization = await createOrganization();
  const key = await createKey(organization.id);
  return { organization, key };
}

describe('the organization default format', () => {
  it('is standard until set, and only a format name can be set', async () => {
    const { key } = await setUp();
    const before = await call(organizationRoute.GET, { key });
    expect(before.status).toBe(200);
    expect(before.body.defaultWebhookFormat).toBe('standard');
    for (const bad of ['soap', 42, null, '']) {
      const refused = await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: bad } });
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error.issues[0].path).toBe('defaultWebhookFormat');
    }
    // NationBuilder receivers trust the shared token: no default to it before there is one.
    const noToken = await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'nationbuilder' } });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error.issues[0].path).toBe('defaultWebhookFormat');
    expect((await call(sharedTokenRoute.POST, { method: 'POST', key })).status).toBe(200);
    const nationBuilder = await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'nationbuilder' } });
    expect(nationBuilder.status).toBe(200);
    expect(nationBuilder.body.defaultWebhookFormat).toBe('nationbuilder');
    // A key that may not change webhooks may not change what new ones get.
    const { organization, key: other } = await setUp();
    const readOnly = await createKey(organization.id, ['webhooks:read']);
    expect((await call(organizationRoute.PATCH, { method: 'PATCH', key: readOnly, body: { defaultWebhookFormat: 'kajabi' } })).status).toBe(403);
    expect((await call(organizationRoute.GET, { key: other })).body.defaultWebhookFormat).toBe('standard');
  });

  it('a CharityStack client registering as its document shows gets CharityStack deliveries, verified as its guide says, and no ping', async () => {
    const { organization, key } = await setUp();
    // The organization hosts a CharityStack-style platform: set once.
    const set = await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'charitystack' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.defaultWebhookFormat).toBe('charitystack');
    const audit = await db.auditEntry.findFirst({ where: { organizationId: organization.id, action: 'organization.updated' }, orderBy: { createdAt: 'desc' } });
    expect(audit?.changes).toMatchObject({ defaultWebhookFormat: { before: 'standard', after: 'charitystack' } });

    // The document's example request, to this server.
    const path = '/charitystack-client/webhooks';
    const events = ['donation.created', 'subscription.created', 'subscription.payment_method_updated'];
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: receiver.url(path), events, description: 'Production webhook for donation notifications' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const response = CHARITYSTACK_CREATED.parse(created.body);
    expect(response.events).toEqual(events);
    expect(response.description).toBe('Production webhook for donation notifications');
    const shown = await call(webhookRoute.GET, { key, params: { id: response.webhookId } });
    expect(shown.body.format).toBe('charitystack');
    expect(shown.body.pingOnCreate).toBe(false);

    for (const type of events) {
      expect((await call(eventsRoute.POST, { method: 'POST', key, body: { type, data: sample(type) } })).status).toBe(202);
    }
    await receiver.waitForCount(path, events.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Only the three events: no ping the client never asked for.
    expect(receiver.on(path)).toHaveLength(events.length);
    const decoded = receiver.on(path).map((request) => receiveCharityStack(request, response.secret));
    expect(decoded.map((entry) => entry.event).sort()).toEqual([...events].sort());
  });

  it('is only a default: a format in the request wins, and the console and API keep a webhook’s format when the default changes', async () => {
    const { key } = await setUp();
    expect((await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'charitystack' } })).status).toBe(200);
    const standard = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/explicit-standard'), events: ['donation.created'], format: 'standard' } });
    expect(standard.status).toBe(201);
    const defaulted = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/defaulted'), events: ['donation.created'] } });
    expect(defaulted.status).toBe(201);
    // Standard Webhooks defines a ping; the explicit standard webhook gets one.
    await receiver.waitForCount('/explicit-standard', 1);
    expect(receiver.on('/explicit-standard')[0].headers['x-tidings-event']).toBe('ping');

    expect((await call(organizationRoute.PATCH, { method: 'PATCH', key, body: { defaultWebhookFormat: 'webconnex' } })).status).toBe(200);
    expect((await call(webhookRoute.GET, { key, params: { id: defaulted.body.webhookId } })).body.format).toBe('charitystack');
    expect((await call(webhookRoute.GET, { key, params: { id: standard.body.webhookId } })).body.format).toBe('standard');
  });
});
