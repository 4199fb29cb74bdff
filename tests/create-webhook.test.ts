// Creating a webhook: the ping only where the format's document defines one (standard,
// Site Stacker) unless the webhook opts in or out, and the webhook and its ping are one
// transaction (docs/delivery-semantics.md).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

let organizationId: string;
let key: string;

beforeAll(async () => {
  organizationId = (await createOrganization()).id;
  key = await createKey(organizationId);
  // NationBuilder webhooks need the organization's shared token first.
  expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token: 'create-webhook-test-token' } })).status).toBe(204);
});

async function create(body: Record<string, unknown>) {
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/hook', events: ['*'], ...body } });
  return response;
}

const pingsOf = (webhookId: string) => db.delivery.count({ where: { webhookId, eventType: 'ping' } });

describe('creating a webhook', () => {
  it('pings by default in standard and sitestacker only, and honours pingOnCreate either way', async () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{}, true],
      [{ format: 'standard' }, true],
      [{ format: 'sitestacker' }, true],
      [{ format: 'webconnex' }, false],
      [{ format: 'nationbuilder' }, false],
      [{ format: 'kajabi' }, false],
      [{ format: 'charitystack' }, false],
      [{ format: 'webconnex', pingOnCreate: true }, true],
      [{ format: 'standard', pingOnCreate: false }, false],
    ];
    for (const [body, pinged] of cases) {
      const response = await create(body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.pingOnCreate, JSON.stringify(body)).toBe(pinged);
      expect(await pingsOf(response.body.webhookId), JSON.stringify(body)).toBe(pinged ? 1 : 0);
    }
    expect((await create({ pingOnCreate: 'yes' })).status).toBe(400);
  });

  it('leaves no webhook behind, and deletes none, when its ping cannot be queued', async () => {
    // A real failure inside PostgreSQL: inserting the ping's event raises. A second trigger
    // records any deletion of a webhook, which a compensating delete would be.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`create table webhook_deletions (id text)`);
      await admin.query(`create function refuse_ping() returns trigger language plpgsql as $$
        begin if new.type = 'ping' then raise exception 'injected: the ping cannot be stored'; end if; return new; end $$`);
      await admin.query(`create trigger refuse_ping before insert on "Event" for each row execute function refuse_ping()`);
      await admin.query(`create function record_webhook_deletion() returns trigger language plpgsql as $$
        begin insert into webhook_deletions values (old.id); return old; end $$`);
      await admin.query(`create trigger record_webhook_deletion after delete on "Webhook" for each row execute function record_webhook_deletion()`);

      const url = 'https://example.com/never-created';
      const failed = await create({ url });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(await db.webhook.count({ where: { url } })).toBe(0);
      expect((await admin.query('select id from webhook_deletions')).rowCount).toBe(0);

      // Without a ping there is nothing to fail: the webhook is created.
      const quiet = await create({ url, pingOnCreate: false });
      expect(quiet.status).toBe(201);
    } finally {
      await admin.query(`drop trigger if exists refuse_ping on "Event"`);
      await admin.query(`drop trigger if exists record_webhook_deletion on "Webhook"`);
      await admin.end();
    }
  });
});

describe('the organization account id', () => {
  it("takes the platform's own numeric id before the first event, and refuses it after or when taken", async () => {
    const { call: invoke } = await import('./support/fixtures');
    const organizationRoute = await import('../app/api/v1/organization/route');
    const fresh = await createOrganization();
    const freshKey = await createKey(fresh.id);
    const wanted = 700_000 + Math.floor(Math.random() * 100_000);
    const set = await invoke(organizationRoute.PATCH, { method: 'PATCH', key: freshKey, body: { accountId: wanted } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.accountId).toBe(wanted);
    expect((await invoke(organizationRoute.GET, { key: freshKey })).body.accountId).toBe(wanted);
    // A later organization draws past it, never the same number.
    const later = await createOrganization();
    expect(later.accountNumber).toBeGreaterThan(wanted);
    // Taken by another organization: 409.
    const taken = await invoke(organizationRoute.PATCH, { method: 'PATCH', key: await createKey(later.id), body: { accountId: wanted } });
    expect(taken.status).toBe(409);
    // Once events exist their deliveries carry it: 409, unchanged.
    const eventsRoute = await import('../app/api/v1/events/route');
    const sample = (await import('../lib/events/catalog/definitions')).getEventType('person.created')!.sample();
    expect((await invoke(eventsRoute.POST, { method: 'POST', key: freshKey, body: { type: 'person.created', data: sample } })).status).toBe(202);
    const afterEvents = await invoke(organizationRoute.PATCH, { method: 'PATCH', key: freshKey, body: { accountId: wanted + 1 } });
    expect(afterEvents.status).toBe(409);
    expect((await invoke(organizationRoute.GET, { key: freshKey })).body.accountId).toBe(wanted);
    expect((await invoke(organizationRoute.PATCH, { method: 'PATCH', key: freshKey, body: { accountId: 'abc' } })).status).toBe(400);
  });
});
