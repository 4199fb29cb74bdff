import { describe, expect, it } from 'vitest';
import * as organizationRoute from '../app/api/v1/organization/route';
import * as organizationsRoute from '../app/api/v1/organizations/route';
import * as subOrganizationRoute from '../app/api/v1/organizations/[id]/route';
import * as eventsRoute from '../app/api/v1/events/route';
import { db } from '../lib/db';
import { resetEnvCache } from '../lib/env';
import { sendMail } from '../lib/mail/send-mail';
import { call, createKey, createOrganization } from './support/fixtures';

// Issue 16 item 6: GET/POST /organizations (sub-organizations of the caller's organization)
// and PATCH /organizations/{id}, with the smallest keys (docs/security-model.md scope table):
// organizations:read lists, organizations:write creates and renames, and nothing else does.

describe('organizations API', () => {
  it('least privilege: a key without organizations:write cannot create or rename; organizations:read only lists', async () => {
    const parent = await createOrganization({ slug: 'api-parent', name: 'API Parent' });
    const readOnly = await createKey(parent.id, ['organizations:read']);
    const writeOnly = await createKey(parent.id, ['organizations:write']);
    const everythingElse = await createKey(parent.id, ['webhooks:read', 'webhooks:write', 'deliveries:read', 'deliveries:write', 'events:write', 'forms:read', 'forms:write']);

    const refused = await call(organizationsRoute.POST, { method: 'POST', key: readOnly, body: { name: 'East', slug: 'api-east' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_scope', missingScopes: ['organizations:write'] });
    expect((await call(organizationsRoute.POST, { method: 'POST', key: everythingElse, body: { name: 'East', slug: 'api-east' } })).status).toBe(403);
    expect((await call(organizationsRoute.GET, { key: everythingElse })).status).toBe(403);
    expect(await db.organization.count({ where: { parentId: parent.id } })).toBe(0);

    const created = await call(organizationsRoute.POST, { method: 'POST', key: writeOnly, body: { name: 'East Chapter', slug: 'api-east' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ organizationId: expect.stringMatching(/^org_/), slug: 'api-east', name: 'East Chapter', parentId: parent.id });
    const nested = await call(organizationsRoute.POST, { method: 'POST', key: writeOnly, body: { name: 'East Youth', slug: 'api-east-youth', parentId: created.body.organizationId } });
    expect(nested.status).toBe(201);
    expect(nested.body.parentId).toBe(created.body.organizationId);

    // A write-only key cannot list; a read-only key lists both levels.
    expect((await call(organizationsRoute.GET, { key: writeOnly })).status).toBe(403);
    const listed = await call(organizationsRoute.GET, { key: readOnly });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { slug: string }) => row.slug)).toEqual(['api-east', 'api-east-youth']);
    expect(listed.body.nextCursor).toBeNull();

    expect((await call(subOrganizationRoute.PATCH, { method: 'PATCH', key: readOnly, params: { id: created.body.organizationId }, body: { name: 'Renamed' } })).status).toBe(403);
    const renamed = await call(subOrganizationRoute.PATCH, { method: 'PATCH', key: writeOnly, params: { id: created.body.organizationId }, body: { name: 'East Chapter (renamed)' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('East Chapter (renamed)');

    // Renaming the key's own organization needs organizations:write beside webhooks:write.
    const ownName = await call(organizationRoute.PATCH, { method: 'PATCH', key: everythingElse, body: { name: 'Taken over' } });
    expect(ownName.status).toBe(403);
    expect(ownName.body.error.missingScopes).toEqual(['organizations:write']);
    const both = await createKey(parent.id, ['webhooks:read', 'webhooks:write', 'organizations:write']);
    const ownRenamed = await call(organizationRoute.PATCH, { method: 'PATCH', key: both, body: { name: 'API Parent Renamed' } });
    expect(ownRenamed.status).toBe(200);
    expect(ownRenamed.body.name).toBe('API Parent Renamed');
    console.log('organizations:read lists, organizations:write creates/renames; a key with every other scope → 403 for each');
  });

  it("another organization's and a parent's ids are 404; a taken slug is 409; bad input is 400", async () => {
    const mine = await createOrganization({ slug: 'mine-org' });
    const theirs = await createOrganization({ slug: 'theirs-org', name: 'Theirs' });
    const theirSub = await createOrganization({ slug: 'theirs-sub', name: 'Theirs Sub', parentId: theirs.id });
    const mySub = await createOrganization({ slug: 'mine-sub', parentId: mine.id });
    const key = await createKey(mine.id, ['organizations:read', 'organizations:write']);
    const subKey = await createKey(mySub.id, ['organizations:read', 'organizations:write']);

    for (const id of [theirs.id, theirSub.id, mine.id, 'org_nosuch']) {
      const response = await call(subOrganizationRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { name: 'x' } });
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe('organization_not_found');
    }
    // A sub-organization's key reaches neither its parent nor a sibling.
    expect((await call(subOrganizationRoute.PATCH, { method: 'PATCH', key: subKey, params: { id: mine.id }, body: { name: 'x' } })).status).toBe(404);
    expect((await call(organizationsRoute.POST, { method: 'POST', key: subKey, body: { name: 'x', slug: 'mine-sibling', parentId: mine.id } })).status).toBe(404);
    expect((await call(organizationsRoute.POST, { method: 'POST', key, body: { name: 'x', slug: 'under-theirs', parentId: theirSub.id } })).status).toBe(404);
    expect(JSON.stringify((await call(organizationsRoute.GET, { key })).body)).not.toContain('theirs');
    expect((await db.organization.findUniqueOrThrow({ where: { id: theirSub.id } })).name).toBe('Theirs Sub');

    const taken = await call(organizationsRoute.POST, { method: 'POST', key, body: { name: 'Dup', slug: 'theirs-org' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.issues[0].path).toBe('slug');
    for (const body of [{}, { name: '', slug: 'ok-slug' }, { name: 'x', slug: 'Bad Slug' }, { name: 'x', slug: 'a' }, { name: 'x\u0000', slug: 'nul-name' }, { name: 'x', slug: 'ok-slug', extra: 1 }]) {
      const response = await call(organizationsRoute.POST, { method: 'POST', key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("a sub-organization made through the API sends events that reach the parent's webhook with includeSubOrganizations", async () => {
    const parent = await createOrganization({ slug: 'events-parent' });
    const key = await createKey(parent.id);
    const sub = await call(organizationsRoute.POST, { method: 'POST', key, body: { name: 'Events Sub', slug: 'events-sub' } });
    const { createWebhook } = await import('../lib/webhooks/create-webhook');
    const including = await createWebhook({ organizationId: parent.id, data: { url: 'https://example.com/including', events: ['*'], includeSubOrganizations: true } });
    const excluding = await createWebhook({ organizationId: parent.id, data: { url: 'https://example.com/excluding', events: ['*'] } });
    const event = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'person.created', data: { signup: { id: 1 } }, organizationId: sub.body.organizationId } });
    expect(event.status, JSON.stringify(event.body)).toBe(202);
    const deliveries = await db.delivery.findMany({ where: { eventId: event.body.eventId } });
    const webhookIds = deliveries.map((delivery) => delivery.webhookId);
    expect(webhookIds).toContain(including.row.id);
    expect(webhookIds).not.toContain(excluding.row.id);
  });
});

describe('sendMail', () => {
  it('without TIDINGS_SMTP_URL sends nothing; with an unreachable server it reports sent:false and never throws', async () => {
    delete process.env.TIDINGS_SMTP_URL;
    resetEnvCache();
    expect(await sendMail({ to: ['a@example.com'], subject: 's', text: 't' })).toEqual({ sent: false });
    process.env.TIDINGS_SMTP_URL = 'smtp://user:secret-password@127.0.0.1:1';
    resetEnvCache();
    expect(await sendMail({ to: ['a@example.com'], subject: 's', text: 't' })).toEqual({ sent: false });
    delete process.env.TIDINGS_SMTP_URL;
    resetEnvCache();
  });
});
