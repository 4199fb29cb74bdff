import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as deliveryRoute from '../app/api/v1/deliveries/[id]/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as testRoute from '../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { MIGRATIONS_DIR, runMigrations } from '../scripts/support/migrate';
import { decryptSecret } from '../lib/crypto/secret-box';
import { db, pool } from '../lib/db';
import { sealLegacyCustomHeaders } from '../lib/webhooks/seal-legacy-custom-headers';
import { SECRET_MASK } from '../lib/webhooks/webhook-schema';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// docs/security-model.md#secrets-at-rest: custom header values are secrets — encrypted at rest, write-only, masked.
// The API shape (OpenAPI description of customHeaders): GET shows every name with the
// mask "••••••••"; a PATCH's customHeaders is the complete new set, where a string sets a
// value, null or the mask keeps the stored value, and a name left out is removed.

const { receiver } = withWorkerAndReceiver();

async function webhookRowText(id: string): Promise<string> {
  const { rows } = await pool().query<{ text: string }>(`select t::text as text from "Webhook" t where id = $1`, [id]);
  return rows[0].text;
}

/** Sends a test and returns what the receiver got and what the attempt log stored. */
async function deliverTest(key: string, webhookId: string, path: string) {
  const before = receiver.on(path).length;
  const sent = await call(testRoute.POST, { method: 'POST', key, params: { id: webhookId }, body: { event: 'person.created' } });
  expect(sent.status).toBe(202);
  await receiver.waitForCount(path, before + 1);
  for (;;) {
    const detail = await call(deliveryRoute.GET, { key, params: { id: sent.body.deliveryId } });
    if (detail.body.attempts?.length > 0) return { received: receiver.on(path)[before], detail: detail.body };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('custom header values are secrets', () => {
  it('are masked in every response, sealed at rest, sent for real, masked in the attempt log and the ping', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: receiver.url('/headers'), events: ['person.created'], customHeaders: { 'X-Api-Key': 'value-one-0123456789', 'X-Team': 'north-team-value' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.customHeaders).toEqual({ 'X-Api-Key': SECRET_MASK, 'X-Team': SECRET_MASK });
    expect(SECRET_MASK).toBe('••••••••');
    const id = created.body.webhookId;
    const fetched = await call(webhookRoute.GET, { key, params: { id } });
    expect(fetched.body.customHeaders).toEqual({ 'X-Api-Key': SECRET_MASK, 'X-Team': SECRET_MASK });
    const listed = await call(webhooksRoute.GET, { key });
    expect(JSON.stringify([created.body, fetched.body, listed.body])).not.toMatch(/value-one|north-team/);

    // At rest: only the sealed form, which opens to the values with the key.
    const text = await webhookRowText(id);
    expect(text).not.toContain('value-one-0123456789');
    expect(text).not.toContain('north-team-value');
    const row = await db.webhook.findUniqueOrThrow({ where: { id } });
    expect(row.customHeaderNames).toEqual(['X-Api-Key', 'X-Team']);
    expect(JSON.parse(decryptSecret(row.customHeadersEncrypted!))).toEqual({ 'X-Api-Key': 'value-one-0123456789', 'X-Team': 'north-team-value' });

    // The ping names the headers, never their values.
    await receiver.waitForCount('/headers', 1);
    const ping = receiver.on('/headers')[0];
    expect(ping.body).toContain('"customHeaderNames":["X-Api-Key","X-Team"]');
    expect(ping.body).not.toMatch(/value-one|north-team/);

    // The receiver gets the values; the attempt log masks each, whatever its name, entirely.
    const first = await deliverTest(key, id, '/headers');
    expect(first.received.headers['x-api-key']).toBe('value-one-0123456789');
    expect(first.received.headers['x-team']).toBe('north-team-value');
    expect(first.detail.attempts[0].request.headers['X-Api-Key']).toBe(SECRET_MASK);
    expect(first.detail.attempts[0].request.headers['X-Team']).toBe(SECRET_MASK);
    const deliveries = await call(webhookDeliveriesRoute.GET, { key, params: { id } });
    expect(JSON.stringify([first.detail, deliveries.body])).not.toMatch(/value-one|north-team|0123456789/);
  });

  it('PATCH: null or the mask keeps a value, a string replaces it, a name left out is removed', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: receiver.url('/patch'), events: ['person.created'], customHeaders: { 'X-Api-Key': 'kept-by-null', 'X-Team': 'kept-by-mask', 'X-Old': 'removed-value' } },
    });
    const id = created.body.webhookId;
    const stored = async () => JSON.parse(decryptSecret((await db.webhook.findUniqueOrThrow({ where: { id } })).customHeadersEncrypted!));

    // Other fields leave the headers alone.
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { name: 'renamed' } })).status).toBe(200);
    expect(await stored()).toEqual({ 'X-Api-Key': 'kept-by-null', 'X-Team': 'kept-by-mask', 'X-Old': 'removed-value' });

    // A webhook read from the API can be sent back as it is: the masks keep every value.
    const roundTrip = await call(webhookRoute.GET, { key, params: { id } });
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { customHeaders: roundTrip.body.customHeaders } })).status).toBe(200);
    expect(await stored()).toEqual({ 'X-Api-Key': 'kept-by-null', 'X-Team': 'kept-by-mask', 'X-Old': 'removed-value' });

    const patched = await call(webhookRoute.PATCH, {
      method: 'PATCH',
      key,
      params: { id },
      body: { customHeaders: { 'X-Api-Key': null, 'x-team': SECRET_MASK, 'X-New': 'new-value' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.customHeaders).toEqual({ 'X-Api-Key': SECRET_MASK, 'x-team': SECRET_MASK, 'X-New': SECRET_MASK });
    expect(await stored()).toEqual({ 'X-Api-Key': 'kept-by-null', 'x-team': 'kept-by-mask', 'X-New': 'new-value' });
    const delivered = await deliverTest(key, id, '/patch');
    expect(delivered.received.headers['x-api-key']).toBe('kept-by-null');
    expect(delivered.received.headers['x-team']).toBe('kept-by-mask');
    expect(delivered.received.headers['x-new']).toBe('new-value');
    expect(delivered.received.headers['x-old']).toBeUndefined();

    // Replacing one value, and removing all.
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { customHeaders: { 'X-Api-Key': 'replaced' } } })).status).toBe(200);
    expect(await stored()).toEqual({ 'X-Api-Key': 'replaced' });
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { customHeaders: {} } })).status).toBe(200);
    const cleared = await db.webhook.findUniqueOrThrow({ where: { id } });
    expect([cleared.customHeaderNames, cleared.customHeadersEncrypted]).toEqual([[], null]);
  });

  it('refuses to keep a value that does not exist, and a mask or null on create (400 naming the header)', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/refuse'), events: ['person.created'], customHeaders: { 'X-Api-Key': 'v' } } });
    const id = created.body.webhookId;
    const keepUnknown = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { customHeaders: { 'X-Api-Key': null, 'X-Unknown': null } } });
    expect(keepUnknown.status).toBe(400);
    expect(keepUnknown.body.error.issues).toEqual([{ path: 'customHeaders.X-Unknown', message: expect.stringContaining('no stored value') }]);
    const maskUnknown = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { customHeaders: { 'X-Other': SECRET_MASK } } });
    expect(maskUnknown.status).toBe(400);
    expect(JSON.parse(decryptSecret((await db.webhook.findUniqueOrThrow({ where: { id } })).customHeadersEncrypted!))).toEqual({ 'X-Api-Key': 'v' });

    const maskOnCreate = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/refuse'), events: ['person.created'], customHeaders: { 'X-Api-Key': SECRET_MASK } } });
    expect(maskOnCreate.status).toBe(400);
    expect(maskOnCreate.body.error.issues[0].path).toBe('customHeaders.X-Api-Key');
    const nullOnCreate = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/refuse'), events: ['person.created'], customHeaders: { 'X-Api-Key': null } } });
    expect(nullOnCreate.status).toBe(400);
    expect(nullOnCreate.body.error.issues[0].path).toBe('customHeaders.X-Api-Key');
  });
});

describe('plain values stored before they were secrets', () => {
  const adminUrl = inject('testDatabaseAdminUrl');
  const name = `tidings_legacy_${randomBytes(4).toString('hex')}`;
  const legacyUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('the migration moves them out of the plain column, keeping their names', async () => {
    // A database as it was before the migration, with a webhook that has custom headers.
    await admin(`CREATE DATABASE ${name}`);
    const before = await mkdtemp(path.join(os.tmpdir(), 'tidings-legacy-'));
    try {
      const all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
      const target = all.findIndex((migration) => migration.endsWith('_custom_header_values_encrypted'));
      expect(target).toBeGreaterThan(0);
      for (const migration of all.slice(0, target)) await cp(path.join(MIGRATIONS_DIR, migration), path.join(before, migration), { recursive: true });
      await runMigrations(legacyUrl, { directory: before });
    } finally {
      await rm(before, { recursive: true, force: true });
    }
    const client = new pg.Client({ connectionString: legacyUrl });
    await client.connect();
    try {
      await client.query(`insert into "Organization" (id, slug, name, "updatedAt") values ('org_legacy', 'legacy', 'Legacy', now())`);
      await client.query(
        `insert into "Webhook" (id, "organizationId", name, url, events, "customHeaders", "secretEncrypted", "updatedAt")
         values ('wh_with', 'org_legacy', 'with', 'https://example.com', '{*}', '{"X-Api-Key":"legacy-plain-value"}', 'sealed', now()),
                ('wh_without', 'org_legacy', 'without', 'https://example.com', '{*}', '{}', 'sealed', now())`,
      );
      await runMigrations(legacyUrl);
      const { rows } = await client.query(`select id, "customHeaderNames", "customHeadersEncrypted", "legacyCustomHeaders" from "Webhook" order by id`);
      expect(rows).toEqual([
        { id: 'wh_with', customHeaderNames: ['X-Api-Key'], customHeadersEncrypted: null, legacyCustomHeaders: { 'X-Api-Key': 'legacy-plain-value' } },
        { id: 'wh_without', customHeaderNames: [], customHeadersEncrypted: null, legacyCustomHeaders: null },
      ]);
    } finally {
      await client.end();
    }
  });

  it('sealLegacyCustomHeaders (run by npm start and the CLI after migrating) encrypts them and clears the plain copy', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url('/legacy'), events: ['person.created'] } });
    const id = created.body.webhookId;
    // The state the migration leaves: names moved, values still plain in the legacy column.
    await pool().query(`update "Webhook" set "customHeaderNames" = '{X-Legacy}', "legacyCustomHeaders" = '{"X-Legacy":"legacy-plain-value"}' where id = $1`, [id]);
    expect(await sealLegacyCustomHeaders()).toBe(1);
    expect(await sealLegacyCustomHeaders()).toBe(0);
    expect(await webhookRowText(id)).not.toContain('legacy-plain-value');
    const row = await db.webhook.findUniqueOrThrow({ where: { id } });
    expect(row.legacyCustomHeaders).toBeNull();
    expect(JSON.parse(decryptSecret(row.customHeadersEncrypted!))).toEqual({ 'X-Legacy': 'legacy-plain-value' });
    const delivered = await deliverTest(key, id, '/legacy');
    expect(delivered.received.headers['x-legacy']).toBe('legacy-plain-value');
    expect(delivered.detail.attempts[0].request.headers['X-Legacy']).toBe(SECRET_MASK);
  });
});
