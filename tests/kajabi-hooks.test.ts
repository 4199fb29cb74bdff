// A client written from Kajabi's "Create a webhook" document, against Tidings: JSON:API
// bodies, Kajabi's event and scope names, `{event}_sample`, and the resource filter.
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as hookSampleRoute from '../app/api/v1/hooks/[hook]/route';
import * as hooksRoute from '../app/api/v1/hooks/route';
import { db } from '../lib/db';
import { getEventType } from '../lib/events/catalog/definitions';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';
import { KAJABI_EVENTS, receiveKajabi } from './support/strict-receivers';

const { receiver } = withWorkerAndReceiver();

/** The document's request body: "Example request targeting a specific tag". */
const hookBody = (targetUrl: string, event: string, resourceId?: string, siteId = '456') => ({
  data: {
    type: 'hooks',
    attributes: { target_url: targetUrl, event, ...(resourceId ? { resource_id: resourceId } : {}) },
    relationships: { site: { data: { id: siteId, type: 'sites' } } },
  },
});

const tagEvent = (tagId: string) => {
  const data = getEventType('contact.tag_added')!.sample();
  return { type: 'contact.tag_added', data: { ...data, tag: { id: tagId, name: `Tag ${tagId}` } } };
};

describe('Kajabi hooks API', () => {
  it('a key with only view:contacts creates a tag_added hook for one tag, reads the sample, gets that tag only, and is refused a purchase hook', async () => {
    const organization = await createOrganization();
    // The site id a Kajabi client knows: the organization's numeric account id.
    const { accountNumber } = await db.organization.findUniqueOrThrow({ where: { id: organization.id }, select: { accountNumber: true } });
    const siteId = String(accountNumber);
    const key = await createKey(organization.id, ['view:contacts']);
    const platformKey = await createKey(organization.id, ['events:write']);
    const path = '/kajabi/tag-123';

    const created = await call(hooksRoute.POST, { method: 'POST', key, body: hookBody(receiver.url(path), 'tag_added', '123', siteId), headers: { 'content-type': 'application/vnd.api+json' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    // Answered as JSON:API: the hook, with the attributes the client sent.
    expect(created.body.data).toMatchObject({
      type: 'hooks',
      id: expect.any(String),
      attributes: { target_url: receiver.url(path), event: 'tag_added', resource_id: '123' },
      relationships: { site: { data: { id: siteId, type: 'sites' } } },
    });

    // "GET /api/v1/hooks/tag_added_sample"
    const sample = await call(hookSampleRoute.GET, { key, params: { hook: 'tag_added_sample' } });
    expect(sample.status).toBe(200);
    expect(sample.body).toMatchObject({ event: 'tag_added', payload: { tag: { id: expect.any(String) } } });

    // The platform emits a tag_added for tag 123 and one for tag 456, without resourceId.
    for (const event of [tagEvent('456'), tagEvent('123')]) {
      const answer = await call(eventsRoute.POST, { method: 'POST', key: platformKey, body: event });
      expect(answer.status).toBe(202);
    }
    await receiver.waitForCount(path, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Exactly the events whose body id is 123 (and no ping: Kajabi's document has none).
    expect(receiver.on(path)).toHaveLength(1);
    const received = receiveKajabi(receiver.on(path)[0]);
    expect(received.event).toBe('tag_added');
    expect(received.body.id).toBe('123');

    // "You can only create webhooks for events you have permission to access based on your API key scopes."
    const refused = await call(hooksRoute.POST, { method: 'POST', key, body: hookBody(receiver.url('/kajabi/purchase'), 'purchase') });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('insufficient_scope');
    // Either name reaches purchases (Kajabi's view:purchases, or Tidings' view:transactions).
    expect(refused.body.error.missingScopes).toHaveLength(1);
    expect(['view:purchases', 'view:transactions']).toContain(refused.body.error.missingScopes[0]);
  });

  it("enforces the table's scopes per event: order_created needs view:transactions and view:orders", async () => {
    const organization = await createOrganization();
    const only = async (scopes: Parameters<typeof createKey>[1], event: string) =>
      (await call(hooksRoute.POST, { method: 'POST', key: await createKey(organization.id, scopes), body: hookBody('https://example.com/hook', event, undefined, organization.id) })).status;
    expect(await only(['view:transactions'], 'order_created')).toBe(403);
    expect(await only(['view:orders'], 'order_created')).toBe(403);
    expect(await only(['view:transactions', 'view:orders'], 'order_created')).toBe(201);
    expect(await only(['view:purchases'], 'purchase')).toBe(201);
    expect(await only(['view:transactions'], 'payment_succeeded')).toBe(201);
    expect(await only(['view:form_submissions'], 'form_submission')).toBe(201);
    expect(await only(['view:forms'], 'form_submission')).toBe(201);
    expect(await only(['view:contacts'], 'tag_removed')).toBe(201);
    expect(await only(['view:purchases'], 'tag_removed')).toBe(403);
  });

  it('has a sample for each of the six events, and 404 for anything else', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, []);
    for (const event of KAJABI_EVENTS) {
      const answer = await call(hookSampleRoute.GET, { key, params: { hook: `${event}_sample` } });
      expect(answer.status, event).toBe(200);
      expect(answer.body.event).toBe(event);
      expect(typeof answer.body.id).toBe('string');
    }
    for (const other of ['registration_sample', 'tag_added', 'nope_sample']) {
      expect((await call(hookSampleRoute.GET, { key, params: { hook: other } })).status, other).toBe(404);
    }
  });

  it('refuses a body that is not the document\'s, and a site of another organization', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const wrongType = await call(hooksRoute.POST, { method: 'POST', key, body: { data: { type: 'webhooks', attributes: { target_url: 'https://example.com/h', event: 'tag_added' } } } });
    expect(wrongType.status).toBe(400);
    const unknownEvent = await call(hooksRoute.POST, { method: 'POST', key, body: hookBody('https://example.com/h', 'tag_renamed') });
    expect(unknownEvent.status).toBe(400);
    const other = await createOrganization();
    const foreign = await call(hooksRoute.POST, { method: 'POST', key, body: hookBody('https://example.com/h', 'tag_added', undefined, other.id) });
    expect(foreign.status).toBe(404);
    // A site that names a sub-organization creates the hook there; the sub-organization's key cannot name its parent.
    const sub = await createOrganization({ parentId: organization.id });
    const forSub = await call(hooksRoute.POST, { method: 'POST', key, body: hookBody('https://example.com/h', 'tag_added', undefined, sub.slug) });
    expect(forSub.status).toBe(201);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: forSub.body.data.id } })).organizationId).toBe(sub.id);
    const upward = await call(hooksRoute.POST, { method: 'POST', key: await createKey(sub.id), body: hookBody('https://example.com/h', 'tag_added', undefined, organization.id) });
    expect(upward.status).toBe(404);
  });
});
