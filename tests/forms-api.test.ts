import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as formsRoute from '../app/api/v1/forms/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

const post = (key: string, body: unknown) => call(formsRoute.POST, { method: 'POST', path: '/api/v1/forms', key, body });
const list = (key: string) => call(formsRoute.GET, { path: '/api/v1/forms?limit=100', key });

describe('POST /api/v1/forms and GET /api/v1/forms', () => {
  it('creates a form (201), then updates it by externalId (200, same formId)', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['forms:read', 'forms:write']);

    const created = await post(key, { externalId: 'wc-2001', name: 'Golf Classic', status: 'draft' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId: 'wc-2001', name: 'Golf Classic', status: 'draft' });
    expect(created.body.formId).toMatch(/^form_/);
    expect(typeof created.body.createdAt).toBe('number');

    const renamed = await post(key, { externalId: 'wc-2001', name: '  Golf Classic 2027  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.formId).toBe(created.body.formId);
    expect(renamed.body.name).toBe('Golf Classic 2027');
    // Leaving status out keeps it: renaming a draft does not publish it.
    expect(renamed.body.status).toBe('draft');

    const published = await post(key, { externalId: 'wc-2001', name: 'Golf Classic 2027', status: 'published' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ formId: created.body.formId, status: 'published' });
    expect(await db.form.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it('creates a new form every time without an externalId, published by default', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['forms:read', 'forms:write']);
    const first = await post(key, { name: 'Walk-in donations' });
    const second = await post(key, { name: 'Walk-in donations', externalId: '' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.formId).not.toBe(first.body.formId);
    expect(first.body).toMatchObject({ externalId: null, status: 'published' });
    expect(second.body.externalId).toBeNull();
  });

  it('lists the forms of the organization, newest first', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['forms:read', 'forms:write']);
    const older = await post(key, { externalId: 'a-1', name: 'Older' });
    const newer = await post(key, { externalId: 'a-2', name: 'Newer' });
    const listed = await list(key);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((form: { formId: string }) => form.formId)).toEqual([newer.body.formId, older.body.formId]);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.data[0]).toEqual(newer.body);
  });

  it('answers 400 with field issues for bad input and writes nothing', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['forms:read', 'forms:write']);
    const cases: { body?: unknown; rawBody?: string; path: string }[] = [
      { body: {}, path: 'name' },
      { body: { name: '   ' }, path: 'name' },
      { body: { name: 'x'.repeat(201) }, path: 'name' },
      { body: { name: 'Gala', status: 'archived' }, path: 'status' },
      { body: { name: 'Gala', externalId: 42 }, path: 'externalId' },
      { body: { name: 'Gala', externalId: 'y'.repeat(201) }, path: 'externalId' },
      { body: { name: 'Gala', externalId: 'line\nbreak' }, path: 'externalId' },
      { body: { name: 'Gala', surprise: true }, path: '' },
    ];
    for (const input of cases) {
      const response = await call(formsRoute.POST, { method: 'POST', key, body: input.body });
      expect(response.status, JSON.stringify(input.body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.issues.map((issue: { path: string }) => issue.path)).toContain(input.path);
    }
    const broken = await call(formsRoute.POST, { method: 'POST', key, rawBody: '{"name":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    expect(await db.form.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it('answers 403 naming forms:write to a key without it', async () => {
    const organization = await createOrganization();
    const readOnly = await createKey(organization.id, ['forms:read']);
    const response = await post(readOnly, { name: 'Not allowed' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('insufficient_scope');
    expect(response.body.error.message).toContain('forms:write');
    expect((await list(readOnly)).status).toBe(200);
    const writeOnly = await createKey(organization.id, ['forms:write']);
    expect((await list(writeOnly)).status).toBe(403);
    expect(await db.form.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it("never lists or updates another organization's forms", async () => {
    const mine = await createOrganization();
    const theirs = await createOrganization();
    const myKey = await createKey(mine.id, ['forms:read', 'forms:write']);
    const theirKey = await createKey(theirs.id, ['forms:read', 'forms:write']);
    const theirForm = await post(theirKey, { externalId: 'shared-id', name: 'Their gala' });
    expect(theirForm.status).toBe(201);

    expect((await list(myKey)).body.data).toEqual([]);
    // The same external id in my organization is a form of my own, not theirs renamed.
    const myForm = await post(myKey, { externalId: 'shared-id', name: 'My gala' });
    expect(myForm.status).toBe(201);
    expect(myForm.body.formId).not.toBe(theirForm.body.formId);
    const theirsAfter = await list(theirKey);
    expect(theirsAfter.body.data).toEqual([theirForm.body]);
    expect((await list(myKey)).body.data.map((form: { name: string }) => form.name)).toEqual(['My gala']);
  });

  it('never answers 500 to random bodies, and writes only what it accepts', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['forms:write']);
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('', ' ', 'wc-1', 'published', 'draft', 'x'.repeat(300), '\u0000', 'a\tb', null, 0, true, []),
    );
    const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom('externalId', 'name', 'status', 'extra'), value));
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const before = await db.form.count({ where: { organizationId: organization.id } });
        const response = await post(key, input);
        expect(response.status).toBeLessThan(500);
        const after = await db.form.count({ where: { organizationId: organization.id } });
        expect(after - before).toBe(response.status === 201 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
  });
});
