import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

// Random JSON, and random near-valid bodies built from the fields the schemas know, so
// the fuzzer reaches the deeper checks rather than failing at the first missing field.
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }));
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:9/x', 'https://169.254.169.254/', '*', 'donation.created', 'ping', '', ' ', 'x'.repeat(3000), '\u0000', 'PAUSED', 'ACTIVE', 'DISABLED'),
  fc.constantFrom(['*'], ['donation.created', 'nope'], [], [null], true, false, 0, -1, 31, 1e309, null),
);
const webhookBody = fc.dictionary(
  fc.constantFrom('url', 'events', 'name', 'description', 'status', 'allForms', 'formIds', 'resourceId', 'includeSubOrganizations', 'format', 'appKey', 'apiToken', 'customHeaders', 'retryPolicy', 'timeoutSeconds', 'extra'),
  fieldValue,
);
const eventBody = fc.dictionary(fc.constantFrom('type', 'data', 'formId', 'resourceId', 'organizationId', 'extra'), fc.oneof(fieldValue, fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))));

describe('fuzzing the API', () => {
  it('POST /webhooks never answers 500 and writes nothing when it refuses', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, webhookBody), async (body) => {
        const before = await db.webhook.count({ where: { organizationId: organization.id } });
        const response = await call(webhooksRoute.POST, { method: 'POST', key, body });
        expect(response.status).toBeLessThan(500);
        const after = await db.webhook.count({ where: { organizationId: organization.id } });
        expect(after - before).toBe(response.status === 201 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
  });

  it('PATCH /webhooks/{id} never answers 500', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/fuzz', events: ['*'] } });
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, webhookBody), async (body) => {
        const response = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: created.body.webhookId }, body });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('POST /events never answers 500 and stores no event when it refuses', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, eventBody), async (body) => {
        const before = await db.event.count({ where: { organizationId: organization.id } });
        const response = await call(eventsRoute.POST, { method: 'POST', key, body });
        expect(response.status).toBeLessThan(500);
        const after = await db.event.count({ where: { organizationId: organization.id } });
        expect(after - before).toBe(response.status === 202 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
  });

  it('raw bytes that are not JSON get 400', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        let isJson = true;
        try {
          JSON.parse(text);
        } catch {
          isJson = false;
        }
        const response = await call(eventsRoute.POST, { method: 'POST', key, rawBody: text });
        expect(response.status).toBeLessThan(500);
        if (!isJson && text.trim() !== '') expect(response.status).toBe(400);
      }),
      { numRuns: 100 },
    );
  });
});
