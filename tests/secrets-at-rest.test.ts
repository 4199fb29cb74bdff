import { describe, expect, it } from 'vitest';
import * as deliveryRoute from '../app/api/v1/deliveries/[id]/route';
import * as webhookDeliveriesRoute from '../app/api/v1/webhooks/[id]/deliveries/route';
import * as rotateRoute from '../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { call, createKey, createOrganization } from './support/fixtures';
import { tablesContaining } from './support/table-snapshot';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

const { receiver } = withWorkerAndReceiver();

describe('secrets', () => {
  it('appear in no table, and in no API response but create and rotate', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const apiToken = 'receiver-token-0123456789abcdef';
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: receiver.url('/secrets'), events: ['*'], apiToken, customHeaders: { 'X-Api-Key': 'custom-header-secret-value' } },
    });
    expect(created.status).toBe(201);
    const rotated = await call(rotateRoute.POST, { method: 'POST', key, params: { id: created.body.webhookId } });
    await receiver.waitForCount('/secrets', 1);
    // The receiver did get the token: it is only hidden from storage and responses.
    expect(receiver.on('/secrets')[0].headers.authorization).toBe(`Bearer ${apiToken}`);
    const listed = await call(webhooksRoute.GET, { key });
    const fetched = await call(webhookRoute.GET, { key, params: { id: created.body.webhookId } });
    const deliveries = await call(webhookDeliveriesRoute.GET, { key, params: { id: created.body.webhookId } });
    for (;;) {
      const detail = await call(deliveryRoute.GET, { key, params: { id: deliveries.body.data[0].id } });
      if (detail.body.attempts.length > 0) {
        const responses = JSON.stringify([listed.body, fetched.body, deliveries.body, detail.body]);
        for (const secret of [created.body.secret, rotated.body.secret, apiToken, key, 'custom-header-secret-value']) {
          expect(responses).not.toContain(secret);
        }
        // Nor in the creation and rotation answers: a custom header value is never returned.
        expect(JSON.stringify([created.body, rotated.body])).not.toContain('custom-header-secret-value');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The receiver did get the custom header's value too.
    expect(receiver.on('/secrets')[0].headers['x-api-key']).toBe('custom-header-secret-value');
    for (const secret of [created.body.secret, rotated.body.secret, apiToken, key, 'custom-header-secret-value']) {
      expect(await tablesContaining(secret), secret.slice(0, 8)).toEqual([]);
    }
  });
});
