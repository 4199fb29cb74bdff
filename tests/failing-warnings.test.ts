import { beforeEach, describe, expect, it } from 'vitest';
import * as eventsRoute from '../app/api/v1/events/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { db } from '../lib/db';
import { call, createKey, createOrganization } from './support/fixtures';
import { withWorkerAndReceiver } from './support/worker-and-receiver';

// SPEC §11 "Warn before disabling" and issue #17: a webhook failing every delivery gets a
// `webhook.failing` event (to the organization's subscribed webhooks) at 1 h, 24 h and 72 h of
// the 5-day window, once each; the API shows failingSince and disableAt; a success clears it.
// The streak's start is moved back in the database instead of waiting hours.

const { receiver } = withWorkerAndReceiver();

let key: string;
let pathCounter = 0;
beforeEach(async () => {
  key = await createKey((await createOrganization()).id);
});

function freshPath(): string {
  pathCounter += 1;
  return `/failing-${pathCounter}`;
}

async function createWebhook(path: string, events: string[]) {
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: receiver.url(path), events, pingOnCreate: false } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.webhookId as string;
}

async function sendDonation(id: number) {
  const response = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'donation.created', data: { donation: { id, amount_in_cents: 100 } } } });
  expect(response.status).toBe(202);
  return response.body.eventId as string;
}

/** Waits for the delivery of `eventId` to `webhookId` to have at least `attempts` attempts recorded. */
async function waitForAttempts(webhookId: string, eventId: string, attempts: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const delivery = await db.delivery.findFirst({ where: { webhookId, eventId } });
    if (delivery && delivery.attemptCount >= attempts) return delivery;
    if (Date.now() > deadline) throw new Error(`delivery has ${delivery?.attemptCount} attempts`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const warningsFor = (watcherPath: string, webhookId: string) =>
  receiver
    .on(watcherPath)
    .map((request) => JSON.parse(request.body) as { type: string; data: { webhookId: string; failingForHours: number; failingSince: string; disableAt: string } })
    .filter((body) => body.type === 'webhook.failing' && body.data.webhookId === webhookId);

describe('warnings before disabling', () => {
  it('emits webhook.failing at 1 h, 24 h and 72 h once each, shows failingSince/disableAt, and a success clears it', async () => {
    const failingPath = freshPath();
    const watcherPath = freshPath();
    receiver.reply(failingPath, () => ({ status: 500 }));
    const webhookId = await createWebhook(failingPath, ['donation.created']);
    await createWebhook(watcherPath, ['webhook.failing']);
    // Retries off the table: one attempt per delivery is enough to drive the streak.
    await db.webhook.update({ where: { id: webhookId }, data: { retryPolicy: 'fixed' } });

    const first = await sendDonation(1);
    await waitForAttempts(webhookId, first, 1);
    let shown = (await call(webhookRoute.GET, { key, params: { id: webhookId } })).body;
    expect(typeof shown.failingSince).toBe('number');
    expect(shown.disableAt - shown.failingSince).toBe(5 * 86_400);
    expect(warningsFor(watcherPath, webhookId)).toHaveLength(0);

    const moveStreakBack = async (hours: number) => {
      await db.webhook.update({ where: { id: webhookId }, data: { failingSince: new Date(Date.now() - hours * 3_600_000) } });
      const eventId = await sendDonation(100 + hours);
      const before = (await db.delivery.findFirst({ where: { webhookId, eventId } }))?.attemptCount ?? 0;
      await waitForAttempts(webhookId, eventId, before + 1);
    };

    await moveStreakBack(2);
    await receiver.waitFor(() => warningsFor(watcherPath, webhookId).length >= 1);
    expect(warningsFor(watcherPath, webhookId)[0].data.failingForHours).toBe(1);
    // Still past 1 h only: no second warning.
    await moveStreakBack(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(warningsFor(watcherPath, webhookId)).toHaveLength(1);

    await moveStreakBack(30);
    await receiver.waitFor(() => warningsFor(watcherPath, webhookId).length >= 2);
    await moveStreakBack(80);
    await receiver.waitFor(() => warningsFor(watcherPath, webhookId).length >= 3);
    await moveStreakBack(90);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const warnings = warningsFor(watcherPath, webhookId);
    expect(warnings.map((warning) => warning.data.failingForHours)).toEqual([1, 24, 72]);
    const last = warnings[2].data;
    expect(new Date(last.disableAt).getTime() - new Date(last.failingSince).getTime()).toBe(5 * 86_400_000);
    shown = (await call(webhookRoute.GET, { key, params: { id: webhookId } })).body;
    expect(shown.failingWarnings).toBe(3);
    expect(shown.status).toBe('ACTIVE');

    // A success clears the streak and its warnings; a new streak warns again from the start.
    receiver.reply(failingPath, () => ({ status: 200 }));
    const ok = await sendDonation(500);
    await waitForAttempts(webhookId, ok, 1);
    const deadline = Date.now() + 10_000;
    while ((await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).failingSince !== null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    shown = (await call(webhookRoute.GET, { key, params: { id: webhookId } })).body;
    expect(shown).toMatchObject({ failingSince: null, disableAt: null, failingWarnings: 0 });

    receiver.reply(failingPath, () => ({ status: 500 }));
    await moveStreakBack(2);
    await receiver.waitFor(() => warningsFor(watcherPath, webhookId).length >= 4);
    expect(warningsFor(watcherPath, webhookId)[3].data.failingForHours).toBe(1);
  });
});
