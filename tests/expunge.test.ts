import { describe, expect, it } from 'vitest';
import * as inboxReceiveRoute from '../app/inbox/[token]/route';
import * as expungeRoute from '../app/api/v1/events/expunge/route';
import * as eventsRoute from '../app/api/v1/events/route';
import * as resendRoute from '../app/api/v1/deliveries/[id]/resend/route';
import * as replayRoute from '../app/api/v1/webhooks/[id]/replay/route';
import { recordAudit } from '../lib/audit/record-audit';
import { ALL_SCOPES, isScope, scopesForRole } from '../lib/auth/scopes';
import { resumeWebhook } from '../lib/webhooks/held-deliveries';
import { db, pool } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import { getEventType } from '../lib/events/catalog/definitions';
import { createId } from '../lib/ids';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from './support/fixtures';
import { waitUntil } from './support/processes';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// Expunge (docs/security-model.md#expunge): a person's data leaves stored payloads, every
// copied identifier, attempts, held deliveries, the inbox and audit rows; tombstones keep the
// delivery history countable; the expunge is audited. It is an owner/admin power
// (events:expunge) that answers the same way whether or not the person is known, and matches
// whole values only.

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
    // An audit row that names the person as a value (a contact address set on a form).
    await recordAudit(pool() as never, {
      organizationId: organization.id,
      source: { actor: { type: 'cli', label: 'test' }, address: null },
      action: 'form.updated',
      target: { type: 'form', id: null },
      changes: { contact: { before: DONOR, after: null } },
    });
    expect((await tablesHolding(DONOR)).length).toBeGreaterThanOrEqual(4);
    const deliveriesBefore = await db.delivery.count({ where: { organizationId: organization.id } });

    const expunged = await call(expungeRoute.POST, { method: 'POST', key, body: { email: DONOR } });
    expect(expunged.status, JSON.stringify(expunged.body)).toBe(200);
    expect(expunged.body).toEqual({ events: 2, deliveries: 2 });

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
    expect(row.changes).toMatchObject({ by: 'email', events: 2, eventIds: expect.arrayContaining([events[0].id, events[1].id]) });
    expect((await db.auditEntry.findFirstOrThrow({ where: { organizationId: organization.id, action: 'form.updated' } })).changes).toEqual({ contact: { before: '[expunged]', after: null } });

    // Nothing sends an expunged event again.
    const delivery = await db.delivery.findFirstOrThrow({ where: { eventId: events[0].id } });
    expect((await call(resendRoute.POST, { method: 'POST', key, params: { id: delivery.id } })).status).toBe(409);
    const replayed = await call(replayRoute.POST, { method: 'POST', key, params: { id: webhook.id }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } });
    expect(replayed.body).toEqual({ count: 1 });
  }, 60_000);

  it("another organization's events are not touched, whatever ids or email are sent", async () => {
    const theirs = await createOrganization();
    const theirKey = await createKey(theirs.id);
    const event = await call(eventsRoute.POST, { method: 'POST', key: theirKey, body: { type: 'donation.created', data: donationFor('theirs@example.org') } });
    const mine = await createOrganization();
    const myKey = await createKey(mine.id);
    const byIds = await call(expungeRoute.POST, { method: 'POST', key: myKey, body: { eventIds: [event.body.eventId] } });
    expect(byIds.body).toEqual({ events: 0, deliveries: 0 });
    const byEmail = await call(expungeRoute.POST, { method: 'POST', key: myKey, body: { email: 'theirs@example.org' } });
    expect(byEmail.body).toEqual({ events: 0, deliveries: 0 });
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

describe('expunge is an owner/admin power that tells nobody who is known', () => {
  it('the scope table has events:expunge: owners and admins hold it, viewers never', () => {
    expect(isScope('events:expunge')).toBe(true);
    expect(scopesForRole('owner')).toContain('events:expunge');
    expect(scopesForRole('admin')).toContain('events:expunge');
    expect(scopesForRole('viewer')).not.toContain('events:expunge');
  });

  it('a key without events:expunge gets one and the same 403 for a donor and for a stranger, and nothing changes', async () => {
    const organization = await createOrganization();
    const donation = await call(eventsRoute.POST, { method: 'POST', key: await createKey(organization.id), body: { type: 'donation.created', data: donationFor('known.donor@example.org') } });
    expect(donation.status).toBe(202);
    const everythingElse = ALL_SCOPES.filter((scope) => scope !== 'events:expunge');
    const keys = [await createKey(organization.id, ['events:write']), await createKey(organization.id, ['events:write', 'view:transactions']), await createKey(organization.id, everythingElse)];
    const answers = new Set<string>();
    for (const key of keys) {
      for (const body of [{ email: 'known.donor@example.org' }, { email: 'nobody.at.all@example.org' }, { eventIds: [donation.body.eventId] }, { eventIds: ['evt_0000000000nosuchevent0000'] }]) {
        const refused = await call(expungeRoute.POST, { method: 'POST', key, body });
        expect(refused.status, JSON.stringify(body)).toBe(403);
        expect(refused.body.error.missingScopes).toEqual(['events:expunge']);
        answers.add(JSON.stringify(refused.body));
      }
    }
    // The refusal depends on the key alone, never on the data.
    expect([...answers]).toHaveLength(1);
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: donation.body.eventId } })).data)).toContain('known.donor@example.org');
    expect(await db.auditEntry.count({ where: { organizationId: organization.id, action: 'event.expunged' } })).toBe(0);
  });

  it('with events:expunge, a donor and an unknown email answer the same status and the same keys: counts only', async () => {
    const organization = await createOrganization();
    const donation = await call(eventsRoute.POST, { method: 'POST', key: await createKey(organization.id), body: { type: 'donation.created', data: donationFor('counted.donor@example.org') } });
    expect(donation.status).toBe(202);
    const key = await createKey(organization.id, ['events:expunge']);
    const known = await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'Counted.Donor@example.org' } });
    const unknown = await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'never.seen@example.org' } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(Object.keys(known.body).sort()).toEqual(['deliveries', 'events']);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    expect(known.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    expect(known.body).toEqual({ events: 1, deliveries: 0 });
    expect(unknown.body).toEqual({ events: 0, deliveries: 0 });
    // By ids too: an id it knows and one it does not answer alike.
    const byIds = await call(expungeRoute.POST, { method: 'POST', key, body: { eventIds: [donation.body.eventId, 'evt_0000000000nosuchevent0000'] } });
    expect(byIds.status).toBe(200);
    expect(Object.keys(byIds.body).sort()).toEqual(['deliveries', 'events']);
  });

  it('matches an email as a whole value in any letter case, never inside another; audit rows only of a person it erased', async () => {
    const organization = await createOrganization();
    const sender = await createKey(organization.id);
    const key = await createKey(organization.id, ['events:expunge']);
    const admin = await call(eventsRoute.POST, { method: 'POST', key: sender, body: { type: 'donation.created', data: donationFor('admin@example.com') } });
    const noted = donationFor('other@example.com');
    (noted.donation as Record<string, unknown>).note = 'write to min@example.com';
    const mention = await call(eventsRoute.POST, { method: 'POST', key: sender, body: { type: 'donation.created', data: noted } });
    expect([admin.status, mention.status]).toEqual([202, 202]);
    const audit = (changes: Record<string, unknown>, label = 'test') =>
      recordAudit(pool() as never, { organizationId: organization.id, source: { actor: { type: 'user', id: 'usr_x', label }, address: null }, action: 'form.updated', target: { type: 'form', id: null }, changes });
    await audit({ contact: { before: 'admin@example.com', after: null } }, 'admin@example.com');
    await audit({ contact: { before: 'nobody.erased@example.com', after: null } }, 'nobody.erased@example.com');

    // No event holds min@example.com as a value: nothing is erased, audit rows are not touched.
    expect((await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'min@example.com' } })).body).toEqual({ events: 0, deliveries: 0 });
    // An email only the audit log knows is no subject this call erased: its rows stay.
    expect((await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'nobody.erased@example.com' } })).body).toEqual({ events: 0, deliveries: 0 });
    const rows = await db.auditEntry.findMany({ where: { organizationId: organization.id, action: 'form.updated' }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.actorLabel, row.changes])).toEqual([
      ['admin@example.com', { contact: { before: 'admin@example.com', after: null } }],
      ['nobody.erased@example.com', { contact: { before: 'nobody.erased@example.com', after: null } }],
    ]);
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: admin.body.eventId } })).data)).toContain('admin@example.com');
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: mention.body.eventId } })).data)).toContain('write to min@example.com');

    // Now min@example.com gives, in other letters: that event only, and still not admin@'s.
    const min = await call(eventsRoute.POST, { method: 'POST', key: sender, body: { type: 'donation.created', data: donationFor('MIN@Example.com') } });
    expect((await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'min@example.com' } })).body).toEqual({ events: 1, deliveries: 0 });
    expect((await db.event.findUniqueOrThrow({ where: { id: min.body.eventId } })).data).toEqual({ expunged: true });
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: admin.body.eventId } })).data)).toContain('admin@example.com');
    expect(JSON.stringify((await db.event.findUniqueOrThrow({ where: { id: mention.body.eventId } })).data)).toContain('write to min@example.com');
    // A value inside an array is a whole value too.
    const tagged = donationFor('someone@example.com');
    ((tagged.donation as Record<string, Record<string, unknown>>).donor as Record<string, unknown>).tags = ['volunteer', 'Tagged@Example.com'];
    expect((await call(eventsRoute.POST, { method: 'POST', key: sender, body: { type: 'donation.created', data: tagged } })).status).toBe(202);
    expect((await call(expungeRoute.POST, { method: 'POST', key, body: { email: 'tagged@example.com' } })).body).toEqual({ events: 1, deliveries: 0 });
    const after = await db.auditEntry.findMany({ where: { organizationId: organization.id, action: 'form.updated' }, orderBy: { id: 'asc' } });
    expect(after.map((row) => [row.actorLabel, row.changes])).toEqual(rows.map((row) => [row.actorLabel, row.changes]));
  });

  it('reaches held deliveries, sub-organization events sent to its webhooks, ordering keys, resource ids, response headers, errors and actor labels', async () => {
    const SUBJECT = 'Held.Subject@Example.net';
    receiver.reply('/echo-headers', (request) => ({ status: 200, headers: { 'x-echo-email': SUBJECT }, body: request.body }));
    const parent = await createOrganization();
    const child = await createOrganization({ parentId: parent.id });
    const sending = (await createWebhook({ organizationId: parent.id, data: { url: receiver.url('/echo-headers'), events: ['*'], includeSubOrganizations: true, ordering: 'key' } })).row;
    const paused = (await createWebhook({ organizationId: parent.id, data: { url: receiver.url('/echo-headers'), events: ['*'], includeSubOrganizations: true, status: 'PAUSED' } })).row;
    const emitted = await call(eventsRoute.POST, {
      method: 'POST',
      key: await createKey(child.id),
      body: { type: 'donation.created', data: donationFor(SUBJECT), orderingKey: SUBJECT, resourceId: SUBJECT },
    });
    expect(emitted.status, JSON.stringify(emitted.body)).toBe(202);
    const eventId: string = emitted.body.eventId;
    await waitUntil(async () => (await db.attempt.count({ where: { delivery: { webhookId: sending.id } } })) === 1, 30_000, 'the attempt recorded');
    expect((await db.delivery.findFirstOrThrow({ where: { webhookId: paused.id } })).status).toBe('HELD');
    // Error texts are free text: a receiver's or a proxy's words may carry the address.
    await pool().query(`update "Delivery" set "lastError" = $2 where "eventId" = $1`, [eventId, `HTTP 500: unknown donor ${SUBJECT}`]);
    await pool().query(`update "Attempt" set error = $2 where "deliveryId" in (select id from "Delivery" where "eventId" = $1)`, [eventId, `refused ${SUBJECT}`]);
    // The person also acted in the console once (a donor who is also a volunteer admin).
    await recordAudit(pool() as never, { organizationId: parent.id, source: { actor: { type: 'user', id: 'usr_subject', label: SUBJECT.toLowerCase() }, address: null }, action: 'form.updated', target: { type: 'form', id: null }, changes: null });
    expect((await tablesHolding(SUBJECT)).length).toBeGreaterThanOrEqual(5);

    // The parent's key: the event is the sub-organization's, the deliveries are the parent's.
    const expunged = await call(expungeRoute.POST, { method: 'POST', key: await createKey(parent.id, ['events:expunge']), body: { email: SUBJECT } });
    expect(expunged.status, JSON.stringify(expunged.body)).toBe(200);
    expect(expunged.body).toEqual({ events: 1, deliveries: 2 });

    const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect([event.data, event.orderingKey, event.resourceId, event.expungedAt !== null]).toEqual([{ expunged: true }, null, null, true]);
    const deliveries = await db.delivery.findMany({ where: { eventId }, include: { attempts: true, ordered: true } });
    const held = deliveries.find((delivery) => delivery.webhookId === paused.id)!;
    expect([held.status, held.lastError]).toEqual(['FAILED', 'The event was expunged']);
    const sent = deliveries.find((delivery) => delivery.webhookId === sending.id)!;
    expect(sent.lastError).not.toContain('@');
    expect(sent.ordered?.orderingKey).not.toContain('@');
    for (const attempt of sent.attempts) {
      expect([attempt.requestBody, attempt.responseBody, attempt.responseHeaders]).toEqual(['', null, null]);
      expect(attempt.error ?? '').not.toContain('@');
    }
    expect((await db.auditEntry.findFirstOrThrow({ where: { organizationId: parent.id, actorId: 'usr_subject' } })).actorLabel).toBe('[expunged]');
    expect(await tablesHolding(SUBJECT)).toEqual([]);
    // Resuming the paused webhook sends nothing of it.
    const resumed = await resumeWebhook({ organizationId: parent.id, webhookId: paused.id, held: 'send', scopes: ALL_SCOPES });
    expect(resumed).toMatchObject({ sent: 0 });
  }, 60_000);
});
