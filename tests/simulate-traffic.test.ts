import { describe, expect, it } from 'vitest';
import { db } from '../lib/db';
import { simulateTraffic } from '../lib/demo/simulate-traffic';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { createOrganization } from './support/fixtures';

describe('demo traffic simulator', () => {
  it('emits catalog-valid events across types, for the organization and its sub-organizations', async () => {
    const organization = await createOrganization({ slug: 'sim' });
    await createOrganization({ slug: 'sim-east', parentId: organization.id });
    await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'], includeSubOrganizations: true } });
    const result = await simulateTraffic({ organizationSlug: 'sim', ratePerSecond: 200, durationSeconds: 1 });
    expect(result.emitted).toBeGreaterThanOrEqual(150);
    expect(result.deliveries).toBe(result.emitted);
    const types = await db.event.groupBy({ by: ['type'], _count: true });
    expect(types.length).toBeGreaterThan(6);
    const fromChild = await db.event.count({ where: { organization: { slug: 'sim-east' } } });
    expect(fromChild).toBeGreaterThan(0);
  });

  it('refuses an unknown organization', async () => {
    await expect(simulateTraffic({ organizationSlug: 'nope', ratePerSecond: 1, durationSeconds: 1 })).rejects.toThrow(/No organization/);
  });
});
