// For each seed document, a receiver written only from that document (its header names,
// its signature description, its body shape and event names) checks live deliveries of
// every event that document names. Comments quote the seed sentence behind each check.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { encryptSecret } from '../lib/crypto/secret-box';
import { db } from '../lib/db';
import { getEventType } from '../lib/events/catalog';
import { emitEvent } from '../lib/events/emit';
import { SEED_EVENT_NAMES, type Seed } from '../lib/events/seed-event-names';
import { startWorker, type RunningWorker } from '../lib/jobs/start-worker';
import { Receiver, type ReceivedRequest } from './support/receiver';
import { call, createKey, createOrganization } from './support/fixtures';

let worker: RunningWorker;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await new Receiver().start();
  worker = await startWorker({ pollIntervalMs: 50 });
});

afterAll(async () => {
  await worker?.stop();
  await receiver?.stop();
});

const hmacHex = (key: string, content: string) => createHmac('sha256', key).update(content).digest('hex');

/** Creates a webhook of the seed's format for every event, emits each event the seed names, and returns what arrived. */
async function deliverEverySeedEvent(seed: Seed, options: { apiToken?: string; sharedToken?: string } = {}) {
  const organization = await createOrganization();
  if (options.sharedToken) {
    await db.organization.update({ where: { id: organization.id }, data: { sharedTokenEncrypted: encryptSecret(options.sharedToken) } });
  }
  const key = await createKey(organization.id);
  const path = `/seed/${seed}`;
  const created = await call(webhooksRoute.POST, {
    method: 'POST',
    key,
    body: { url: receiver.url(path), events: ['*'], format: seed, apiToken: options.apiToken, appKey: `${seed}-app` },
  });
  expect(created.status).toBe(201);
  const entries = SEED_EVENT_NAMES.filter((entry) => entry.seed === seed && !entry.alias && entry.canonical !== 'ping');
  for (const entry of entries) {
    const data = getEventType(entry.canonical)!.sample();
    if (entry.threshold) data.threshold = entry.threshold;
    await emitEvent({ organizationId: organization.id, type: entry.canonical, data, resourceId: entry.canonical.startsWith('contact.tag') ? 'tag-1' : null });
  }
  await receiver.waitForCount(path, entries.length + 1);
  return { secret: created.body.secret as string, requests: receiver.on(path), entries, organizationId: organization.id };
}

const header = (request: ReceivedRequest, name: string) => request.headers[name.toLowerCase()] as string | undefined;

describe('a receiver written from each seed document', () => {
  it('Site Stacker', async () => {
    const { secret, requests, entries } = await deliverEverySeedEvent('sitestacker');
    const names = new Set<string>();
    for (const request of requests) {
      // "Also, the `User-Agent` for the requests will be `SiteStacker`."
      expect(header(request, 'User-Agent')).toBe('SiteStacker');
      // "`SiteStacker-Signature` | HMAC hex digest of the payload, using the hook's secret as the key"
      expect(header(request, 'SiteStacker-Signature')).toBe(hmacHex(secret, request.body));
      // "`SiteStacker-Delivery` | Unique ID for this delivery."
      expect(header(request, 'SiteStacker-Delivery')).toMatch(/^msg_/);
      // "`SiteStacker-Event` | Name of the event that triggered this delivery."
      names.add(header(request, 'SiteStacker-Event')!);
      const body = JSON.parse(request.body);
      // "`hook` | The webhook configuration" (ping) and `"contribution_batch_id": "9"` (contribution_create).
      if (header(request, 'SiteStacker-Event') === 'ping') expect(body.hook).toBeTruthy();
      if (header(request, 'SiteStacker-Event') === 'contribution_create') expect(body.contribution_batch_id).toBeDefined();
    }
    // "The available events are: contribution_create, person_type_assignment"; "we'll send you a simple `ping` event"
    expect([...names].sort()).toEqual(['ping', ...entries.map((entry) => entry.name)].sort());
  });

  it('NationBuilder', async () => {
    const { requests, entries } = await deliverEverySeedEvent('nationbuilder', { sharedToken: 'sharedsecret' });
    expect(requests).toHaveLength(entries.length + 1);
    for (const request of requests) {
      const body = JSON.parse(request.body);
      // "attach a shared secret token to your nation which will be attached to the payload via the key `token`"
      expect(body.token).toBe('sharedsecret');
      // Samples: `{"token": "sharedsecret", "payload": { … }}`
      expect(typeof body.payload).toBe('object');
    }
    // The samples' payload keys: "signup" (person), "donation", "signup_call"/contact.
    const keys = new Set(requests.slice(1).flatMap((request) => Object.keys(JSON.parse(request.body).payload)));
    expect(keys.has('donation')).toBe(true);
    expect(keys.has('signup')).toBe(true);
  });

  it('Kajabi', async () => {
    const { requests, entries } = await deliverEverySeedEvent('kajabi', { apiToken: 'kajabi-receiver-token' });
    const names = new Set<string>();
    for (const request of requests.slice(1)) {
      const body = JSON.parse(request.body);
      // Payload `{"id": …, "event": "tag_added", "payload": {…}}`: the event name and the resource id.
      names.add(body.event);
      expect(typeof body.id).toBe('string');
      expect(typeof body.payload).toBe('object');
      // "Bearer authentication header of the form Bearer <token>"
      expect(header(request, 'Authorization')).toBe('Bearer kajabi-receiver-token');
      // "resource_id … for example the id of the Contact Tag"
      if (body.event === 'tag_added') expect(body.id).toBe('tag-1');
    }
    // "purchase, payment_succeeded, order_created, form_submission, tag_added, tag_removed"
    expect([...names].sort()).toEqual(entries.map((entry) => entry.name).sort());
  });

  it('Webconnex', async () => {
    const { secret, requests, entries } = await deliverEverySeedEvent('webconnex');
    const names = new Set<string>();
    for (const request of requests.slice(1)) {
      // "User-Agent | Webconnex-Divvy"; "X-Webconnex-Delivery | Hash for the delivery"
      expect(header(request, 'User-Agent')).toBe('Webconnex-Divvy');
      expect(header(request, 'X-Webconnex-Delivery')).toBeTruthy();
      // "X-Webconnex-Signature | HMAC for the webhook" (hex HMAC-SHA256 of the raw body)
      expect(header(request, 'X-Webconnex-Signature')).toBe(hmacHex(secret, request.body));
      const body = JSON.parse(request.body);
      // "eventType | string | registration"; "X-Webconnex-Event | Event types being sent"
      expect(body.eventType).toBe(header(request, 'X-Webconnex-Event'));
      names.add(body.eventType);
      // "accountId", "eventId", "data | Object contains the complete payload", "meta … name | The name of the webhook"
      expect(body.accountId).toBeTruthy();
      expect(body.eventId).toBeTruthy();
      expect(typeof body.data).toBe('object');
      expect(body.meta.name).toBeTruthy();
      expect(body.meta.appKey).toBe('webconnex-app');
    }
    expect([...names].sort()).toEqual([...new Set(entries.map((entry) => entry.name))].sort());
  });

  it('CharityStack', async () => {
    const { secret, requests, entries } = await deliverEverySeedEvent('charitystack');
    const names = new Set<string>();
    for (const request of requests.slice(1)) {
      // "validate the X-Webhook-Signature header" (HMAC-SHA256; the verification guide signs "{timestamp}.{body}")
      const timestamp = header(request, 'X-Webhook-Timestamp')!;
      expect(header(request, 'X-Webhook-Signature')).toBe(`sha256=${hmacHex(secret, `${timestamp}.${request.body}`)}`);
      const body = JSON.parse(request.body);
      // Event values "donation.created … contact.updated … form.published" are sent as named.
      names.add(body.event);
      expect(typeof body.data).toBe('object');
    }
    expect([...names].sort()).toEqual(entries.map((entry) => entry.name).sort());
  });
});
