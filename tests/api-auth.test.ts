import { describe, expect, it } from 'vitest';
import * as deliveryRoute from '../app/api/v1/deliveries/[id]/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

describe('API authentication, scopes and tenancy', () => {
  it('answers 401 with WWW-Authenticate for a missing, malformed or unknown key', async () => {
    const missing = await call(webhooksRoute.GET, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body.error.code).toBe('unauthorized');
    const malformed = await call(webhooksRoute.GET, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    const unknown = await call(webhooksRoute.GET, { key: 'tdg_not-a-real-key' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('stops accepting a revoked key at once', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['webhooks:read']);
    expect((await call(webhooksRoute.GET, { key })).status).toBe(200);
    await db.apiKey.updateMany({ where: { organizationId: organization.id }, data: { revokedAt: new Date() } });
    expect((await call(webhooksRoute.GET, { key })).status).toBe(401);
  });

  it('answers 403 naming the missing scope, including event scopes (Kajabi)', async () => {
    const organization = await createOrganization();
    const readOnly = await createKey(organization.id, ['webhooks:read']);
    const write = await call(webhooksRoute.POST, { method: 'POST', key: readOnly, body: { url: 'https://example.com/', events: ['*'] } });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain('webhooks:write');

    const noTransactions = await createKey(organization.id, ['webhooks:write', 'view:contacts']);
    const donations = await call(webhooksRoute.POST, { method: 'POST', key: noTransactions, body: { url: 'https://example.com/', events: ['donation.created'] } });
    expect(donations.status).toBe(403);
    expect(donations.body.error.message).toContain('view:transactions');
    const wildcard = await call(webhooksRoute.POST, { method: 'POST', key: noTransactions, body: { url: 'https://example.com/', events: ['*'] } });
    expect(wildcard.status).toBe(403);
    const contacts = await call(webhooksRoute.POST, { method: 'POST', key: noTransactions, body: { url: 'https://example.com/', events: ['contact.tag_added'] } });
    expect(contacts.status).toBe(201);
    const events = await call(eventsRoute.POST, { method: 'POST', key: noTransactions, body: { type: 'person.created', data: { signup: { id: 1 } } } });
    expect(events.status).toBe(403);
  });

  it("answers 404 for another organization's ids and changes nothing", async () => {
    const mine = await createOrganization();
    const theirs = await createOrganization();
    const myKey = await createKey(mine.id);
    const theirKey = await createKey(theirs.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key: theirKey, body: { url: 'https://example.com/theirs', events: ['contact.created'] } });
    expect(created.status).toBe(201);
    const id = created.body.webhookId;
    expect((await call(webhookRoute.GET, { key: myKey, params: { id } })).status).toBe(404);
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key: myKey, params: { id }, body: { name: 'mine now' } })).status).toBe(404);
    expect((await call(webhookRoute.DELETE, { method: 'DELETE', key: myKey, params: { id } })).status).toBe(404);
    const delivery = await db.delivery.findFirstOrThrow({ where: { webhookId: id } });
    expect((await call(deliveryRoute.GET, { key: myKey, params: { id: delivery.id } })).status).toBe(404);
    const untouched = await db.webhook.findUniqueOrThrow({ where: { id } });
    expect(untouched.name).toBe('example.com');
    const listed = await call(webhooksRoute.GET, { key: myKey });
    expect(listed.body.data).toEqual([]);
  });

  it('answers 400 with field issues for bad bodies and queries, never 500', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const cases = [
      { rawBody: '[1,2' },
      { body: [] },
      { body: { url: 42, events: 'all' } },
      { body: { url: 'https://example.com', events: ['*'], timeoutSeconds: 99 } },
      { body: { url: 'https://example.com', events: ['*'], surprise: true } },
      { body: { url: 'https://example.com', events: ['*'], allForms: false } },
      { body: { url: 'https://example.com', events: ['*'], customHeaders: { 'Content-Type': 'text/plain' } } },
    ];
    for (const input of cases) {
      const response = await call(webhooksRoute.POST, { method: 'POST', key, ...input });
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect(response.body.error.code).toMatch(/validation_failed|invalid_json/);
    }
    const badQuery = await call(webhooksRoute.GET, { key, path: '/api/v1/webhooks?limit=0' });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.issues[0].path).toBe('limit');
    const badCursor = await call(webhooksRoute.GET, { key, path: '/api/v1/webhooks?cursor=%%%' });
    expect(badCursor.status).toBe(400);
    const tooLarge = await call(eventsRoute.POST, { method: 'POST', key, rawBody: JSON.stringify({ type: 'person.created', data: { blob: 'x'.repeat(300 * 1024) } }) });
    expect(tooLarge.status).toBe(413);
  });

  it('paginates webhooks with an opaque cursor, newest first', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const ids = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await call(webhooksRoute.POST, { method: 'POST', key, body: { url: `https://example.com/${i}`, events: ['contact.created'] } })).body.webhookId);
    }
    const first = await call(webhooksRoute.GET, { key, path: '/api/v1/webhooks?limit=2' });
    const second = await call(webhooksRoute.GET, { key, path: `/api/v1/webhooks?limit=2&cursor=${first.body.nextCursor}` });
    const third = await call(webhooksRoute.GET, { key, path: `/api/v1/webhooks?limit=2&cursor=${second.body.nextCursor}` });
    const seen = [...first.body.data, ...second.body.data, ...third.body.data].map((webhook: { webhookId: string }) => webhook.webhookId);
    expect(seen).toEqual([...ids].reverse());
    expect(third.body.nextCursor).toBeNull();
  });
});
