import { expect, type APIRequestContext } from '@playwright/test';

export type CreatedWebhook = { webhookId: string; name: string; url: string; secret: string; status: string };

/** Creates a webhook through the API as the signed-in user (`page.request`); fails the test unless 201. */
export async function createWebhook(request: APIRequestContext, origin: string, body: Record<string, unknown>): Promise<CreatedWebhook> {
  const response = await request.post('/api/v1/webhooks', { data: body, headers: { origin } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}
