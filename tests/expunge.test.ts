import { describe, expect, it } from 'vitest';
import * as inboxReceiveRoute from '../app/inbox/[token]/route';
import * as expungeRoute from '../app/api/v1/events/expunge/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as resendRoute from '../app/api/v1/deliveries/[id]/resend/route';
import * as replayRoute from '../app/api/v1/webhooks/[id]/replay/route';
import { recordAudit } from '../lib/audit/record-audit';
import { db, pool } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import { getEventType } from '../lib/events/catalog/definitions';
import { createId } from '../lib/ids';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from './support/fixtures';
import { waitUntil } from './support/processes';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// Expunge (issue 18 item 4, docs/security-model.md#expunge): a person's data leaves stored
// payloads, attempts' request bodies, the inbox and audit rows; tombstones keep the delivery
// history countable; the expunge is audited; least privilege by event scopes.

process.env.TIDINGS_INBOX_ENABLED = '1';
resetEnvCache();

const { receiver } = withWorkerAndReceiver();
// A receiver that echoes what it got: the response body is a copy too.
receiver.reply('/echo', (request) => ({ status: 200, body: request.body }));

const DONOR = 'Grace.Donor@Example.org';

function donationFor(email: string) {
  return JSON.parse(JSON.stringify(getEventType('donation.created')!.sample()).replaceAll('joe@example.com', email)) as Record<string, unknown>;
}

/** Every text, json and array column of every table of every schema that holds the needle (case-insensitive). */
async function tablesHolding(needle: string): Promise<string[]> {
  const { rows: columns } = await pool().query<{ table_schema: string; table_name: string; column_name: string }>(
    `select c.table_schema, c.table_name, c.column_name from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema not in ('pg_catalog', 'information_schema')
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea', 'USER-DEFINED'))`,
  );
  const found: string[] = [];
  for (const column of columns) {
    const table = `"${column.table_schema}"."${column.table_name}"`;
    const { rows } = await pool().query<{ count: number }>(
      `select count(*)::int as count from ${table} where strpos(lower("${column.column_name}"::text), lower($1)) > 0`,
      [needle],
    );
    if (rows[0].count > 0) found.push(`${table}.${column.column_name} (${rows[0].count})`);
  }
  return found;
}

describe('POST /events/expunge', () => {
  it("by email: no copy of the person's email is left in any table; history stays countable; audited", async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const webhook = (await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/echo'), events: ['*'] } })).row;
    const inbox = await db.inbox.create({ data: { id: createId('inbox'), organizationId: organization.id, name: 'inbox', token: createId('req').slice(4) } });

    const sent: string[] = [];
    for (const data of [donationFor(DONOR), donationFor(DONOR.toLowerCase()), donationFor('someone.else@example.org')]) {
      const response = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data } });
      expect(response.status).toBe(202);
      sent.push(response.body.eventId ?? response.body.id);
    }
    await receiver.waitForCount('/echo', 3, 30_000);
    await waitUntil(async () => (await db.attempt.count({ where: { delivery: { webhookId: webhook.id } } })) === 3, 30_000, 'three attempts recorded');
    // What the receiver got also went to the inbox (as a webhook to the inbox URL would).
    for (const request of receiver.on('/echo')) {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
      delete headers['content-length'];
      const received = await call(inboxReceiveRoute.POST as never, { method: 'POST', params: { token: inbox.token }, headers, rawBody: request.body });
      expect(received.status).toBe(200);
    }
    // An audit row that mentions the person (a note made while handling their request).
    await recordAudit(pool() as never, {
      organizationId: organization.id,
      source: { actor: { type: 'cli', label: 'test' }, address: null },
      action: 'form.updated',
      target: { type: 'form', id: null },
      changes: { name: { before: `Form of ${DONOR}`, after: 'Form' } },
    });
    expect((await tablesHolding(DONOR)).length).toBeGreaterThanOrEqual(4);
    const deliveriesBefore = await db.delivery.count({ where: { organizationId: organization.id } });

    const expunged = await call(expungeRoute.POST, { method: 'POST', key, body: { email: DONOR } });
    expect(expunged.status, JSON.stringify(expunged.body)).toBe(200);
    expect(expunged.body).toMatchObject({ expunged: 2, deliveries: 2, attempts: 2, inboxRequests: 2, auditEntries: 1 });

    // The grep of the whole database.
    expect(await tablesHolding(DONOR)).toEqual([]);
    // Tombstones: the events and their deliveries are still there to count.
    expect(await db.delivery.count({ where: { organizationId: organization.id } })).toBe(deliveriesBefore);
    const events = await db.event.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.type, event.expungedAt !== null])).toEqual([
      ['donation.created', true],
      ['donation.created', true],
      ['donation.created', false],
    ]);
    expect(events[0].data).toEqual({ expunged: true });
    // Someone else's data is untouched.
    expect(JSON.stringify(events[2].data)).toContain('someone.else@example.org');
    expect(await tablesHolding('someone.else@example.org')).not.toEqual([]);

    // Audited, without the email.
    const row = await db.auditEntry.findFirstOrThrow({ where: { organizationId: organization.id, action: 'event.expunged' } });
    expect(row.changes).toMatchObject({ by: 'email', expunged: 2, eventIds: expect.arrayContaining([events[0].id, events[1].id]) });

    // Nothing sends an expunged event again.
    const delivery = await db.delivery.findFirstOrThrow({ where: { eventId: events[0].id } });
    expect((await call(resendRoute.POST, { method: 'POST', key, params: { id: delivery.id } })).status).toBe(409);
    const replayed = await call(replayRoute.POST, { method: 'POST', key, params: { id: webhook.id }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } });
    expect(replayed.body).toEqual({ count: 1 });
  }, 60_000);

  it('by event ids, with the event scopes of what it erases: all or nothing', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const donation = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: donationFor('ids@example.org') } });
    const person = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'person.created', data: getEventType('person.created')!.sample() } });
    const ids = [donation.body.eventId, person.body.eventId] as string[];
    expect(ids.every(Boolean)).toBe(true);

    // events:write and view:contacts only: the donation needs view:transactions.
    const narrow = await createKey(organization.id, ['events:write', 'view:contacts']);
    const refused = await call(expungeRoute.POST, { method: 'POST', key: narrow, body: { eventIds: ids } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.missingScopes).toEqual(['view:transactions']);
    expect(await db.event.count({ where: { organizationId: organization.id, expungedAt: { not: null } } })).toBe(0);
    expect(await db.auditEntry.count({ where: { organizationId: organization.id, action: 'event.expunged' } })).toBe(0);
    // Without events:write at all.
    expect((await call(expungeRoute.POST, { method: 'POST', key: await createKey(organization.id, ['view:transactions', 'view:contacts']), body: { eventIds: ids } })).status).toBe(403);

    const done = await call(expungeRoute.POST, { method: 'POST', key: narrow, body: { eventIds: [person.body.eventId] } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ expunged: 1, eventIds: [person.body.eventId] });
    expect(await db.event.count({ where: { organizationId: organization.id, expungedAt: { not: null } } })).toBe(1);
  });

  it("another organization's events are not touched, whatever ids or email are sent", async () => {
    const theirs = await createOrganization();
    const theirKey = await createKey(theirs.id);
    const event = await call(eventsRoute.POST, { method: 'POST', key: theirKey, body: { type: 'donation.created', data: donationFor('theirs@example.org') } });
    const mine = await createOrganization();
    const myKey = await createKey(mine.id);
    const byIds = await call(expungeRoute.POST, { method: 'POST', key: myKey, body: { eventIds: [event.body.eventId] } });
    expect(byIds.body).toMatchObject({ expunged: 0 });
    const byEmail = await call(expungeRoute.POST, { method: 'POST', key: myKey, body: { email: 'theirs@example.org' } });
    expect(byEmail.body).toMatchObject({ expunged: 0 });
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: event.body.eventId } })).data)).toContain('theirs@example.org');
  });

  it('refuses a body with neither or both of eventIds and email', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    for (const body of [{}, { eventIds: ['evt_1'], email: 'a@example.org' }, { email: 'not an email' }, { eventIds: [] }]) {
      const response = await call(expungeRoute.POST, { method: 'POST', key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});
