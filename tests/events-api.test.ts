import { describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';

const donation = { type: 'donation.created', data: { donation: { id: 1, amount_in_cents: 500 } } };

describe('POST /events', () => {
  it('accepts an event for a sub-organization, refuses a foreign one', async () => {
    const parent = await createOrganization();
    const child = await createOrganization({ parentId: parent.id });
    const stranger = await createOrganization();
    const key = await createKey(parent.id);
    const forChild = await call(eventsRoute.POST, { method: 'POST', key, body: { ...donation, organizationId: child.id } });
    expect(forChild.status).toBe(202);
    expect((await db.event.findUniqueOrThrow({ where: { id: forChild.body.eventId } })).organizationId).toBe(child.id);
    const forStranger = await call(eventsRoute.POST, { method: 'POST', key, body: { ...donation, organizationId: stranger.id } });
    expect(forStranger.status).toBe(404);
    const childKey = await createKey(child.id);
    const upwards = await call(eventsRoute.POST, { method: 'POST', key: childKey, body: { ...donation, organizationId: parent.id } });
    expect(upwards.status).toBe(404);
  });

  it('replays the first response for the same Idempotency-Key and body, 409 for another body', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const headers = { 'idempotency-key': 'order-1234' };
    const first = await call(eventsRoute.POST, { method: 'POST', key, body: donation, headers });
    const second = await call(eventsRoute.POST, { method: 'POST', key, body: donation, headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await db.event.count({ where: { organizationId: organization.id } })).toBe(1);
    const other = await call(eventsRoute.POST, { method: 'POST', key, body: { ...donation, data: { donation: { id: 2, amount_in_cents: 1 } } }, headers });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    const tooLong = await call(eventsRoute.POST, { method: 'POST', key, body: donation, headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(tooLong.status).toBe(400);
  });

  it('creates one event for concurrent requests with one key', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const headers = { 'idempotency-key': 'concurrent-1' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => call(eventsRoute.POST, { method: 'POST', key, body: donation, headers })));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
    expect(new Set(responses.map((response) => response.body.eventId)).size).toBe(1);
    expect(await db.event.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it('does not keep the key of a request that failed validation', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const headers = { 'idempotency-key': 'retry-after-fix' };
    const bad = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: {} }, headers });
    expect(bad.status).toBe(400);
    const good = await call(eventsRoute.POST, { method: 'POST', key, body: donation, headers });
    expect(good.status).toBe(202);
  });
});
