import { beforeAll, describe, expect, it } from 'vitest';
import * as portalLinksRoute from '../app/api/v1/webhooks/[id]/portal-links/route';
import * as portalLinkRoute from '../app/api/v1/webhooks/[id]/portal-links/[linkId]/route';
import * as sessionRoute from '../app/api/portal/[token]/route';
import * as portalDeliveriesRoute from '../app/api/portal/[token]/deliveries/route';
import * as portalDeliveryRoute from '../app/api/portal/[token]/deliveries/[id]/route';
import * as portalResendRoute from '../app/api/portal/[token]/deliveries/[id]/resend/route';
import * as portalTestRoute from '../app/api/portal/[token]/test/route';
import * as portalSampleRoute from '../app/api/portal/[token]/event-types/[type]/sample/route';
import { db, pool } from '../lib/db';
import { emitEvent } from '../lib/events/emit';
import { getEventType } from '../lib/events/catalog/definitions';
import { resetRateLimit, LIMITS } from '../lib/http/rate-limit';
import { hashPortalToken } from '../lib/portal/portal-link-token';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from './support/fixtures';

// The consumer portal (issue 18 item 2; SPEC §7 and §11): a link made for one webhook
// shows that webhook's deliveries (request and response), sends it tests and, when
// allowed, resends, to whoever holds the URL, without a console account; it opens nothing
// else: every portal route given another webhook's or another organization's delivery
// answers 404; revoked or expired it answers 410; it is rate limited; only a hash of its
// token is stored.

type Org = { id: string };
let orgA: Org;
let orgB: Org;
let keyA: string;
let keyB: string;
let webhookA1: string;
let webhookA2: string;
let webhookB: string;
const delivery: Record<'a1' | 'a2' | 'b', string> = { a1: '', a2: '', b: '' };

function donation(email: string) {
  const data = structuredClone(getEventType('donation.created')!.sample()) as { donation: { donor: { email: string } } };
  data.donation.donor.email = email;
  return data;
}

async function createLink(webhookId: string, body: unknown, key = keyA) {
  return call(portalLinksRoute.POST, { method: 'POST', key, params: { id: webhookId }, path: `/api/v1/webhooks/${webhookId}/portal-links`, body });
}

async function newLink(webhookId: string, body: unknown = { expiresInHours: 24, allowResend: true }) {
  const response = await createLink(webhookId, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const token = new URL(response.body.url).pathname.split('/').pop()!;
  return { id: response.body.id as string, token, url: response.body.url as string };
}

/** Every route of the portal's API, called with `token` and, where it takes one, `deliveryId`. */
function portalCalls(token: string, deliveryId: string) {
  return {
    session: () => call(sessionRoute.GET, { params: { token }, path: `/api/portal/${token}` }),
    list: (query = '') => call(portalDeliveriesRoute.GET, { params: { token }, path: `/api/portal/${token}/deliveries${query ? `?${query}` : ''}` }),
    detail: () => call(portalDeliveryRoute.GET, { params: { token, id: deliveryId }, path: `/api/portal/${token}/deliveries/${deliveryId}` }),
    resend: () => call(portalResendRoute.POST, { method: 'POST', params: { token, id: deliveryId }, path: `/api/portal/${token}/deliveries/${deliveryId}/resend` }),
    test: () => call(portalTestRoute.POST, { method: 'POST', params: { token }, path: `/api/portal/${token}/test`, body: { event: 'donation.created' } }),
    sample: () => call(portalSampleRoute.GET, { params: { token, type: 'donation.created' }, path: `/api/portal/${token}/event-types/donation.created/sample` }),
  };
}

beforeAll(async () => {
  orgA = await createOrganization({ slug: 'portal-a' });
  orgB = await createOrganization({ slug: 'portal-b' });
  keyA = await createKey(orgA.id);
  keyB = await createKey(orgB.id);
  webhookA1 = (await createWebhook({ organizationId: orgA.id, data: { url: 'https://example.com/a1', events: ['donation.created'], pingOnCreate: false } })).row.id;
  webhookA2 = (await createWebhook({ organizationId: orgA.id, data: { url: 'https://example.com/a2', events: ['donation.created'], pingOnCreate: false } })).row.id;
  webhookB = (await createWebhook({ organizationId: orgB.id, data: { url: 'https://example.com/b', events: ['donation.created'], pingOnCreate: false } })).row.id;
  const a = await emitEvent({ organizationId: orgA.id, type: 'donation.created', data: donation('shared.donor@example.org') });
  delivery.a1 = a.deliveries.find((row) => row.webhookId === webhookA1)!.id;
  delivery.a2 = a.deliveries.find((row) => row.webhookId === webhookA2)!.id;
  const b = await emitEvent({ organizationId: orgB.id, type: 'donation.created', data: donation('b.donor@example.org') });
  delivery.b = b.deliveries[0].id;
  // An attempt with a request and a response, as the worker records them.
  await pool().query(
    `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody")
     values ('att_portaltest00000000000000', $1, 1, 'initial', now(), 12, 'https://example.com/a1', '{"content-type":"application/json"}', '{"sent":"shared.donor@example.org"}', 200, '{}', 'thanks')`,
    [delivery.a1],
  );
  await db.delivery.update({ where: { id: delivery.a1 }, data: { status: 'SUCCEEDED', attemptCount: 1, lastStatusCode: 200 } });
});

describe('portal links', () => {
  it('are created with a URL shown once, and only a hash of the token is stored', async () => {
    const response = await createLink(webhookA1, { expiresInHours: 48, allowResend: false });
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(/^http:\/\/localhost\/portal\/tdp_[A-Za-z0-9_-]{43}$/);
    expect(response.body.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(47 * 3600);
    expect(response.body).toMatchObject({ webhookId: webhookA1, allowResend: false, status: 'active' });
    const token = response.body.url.split('/').pop();
    const { rows } = await pool().query(`select row_to_json(p)::text as row from "PortalLink" p where id = $1`, [response.body.id]);
    expect(rows[0].row).not.toContain(token);
    expect(rows[0].row).toContain(hashPortalToken(token));
    // Listed without the URL.
    const listed = await call(portalLinksRoute.GET, { key: keyA, params: { id: webhookA1 }, path: `/api/v1/webhooks/${webhookA1}/portal-links` });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.data.map((link: { id: string }) => link.id)).toContain(response.body.id);
  });

  it('need webhooks:write, deliveries:read and the webhook’s event scopes; deliveries:write to allow resend; 400 for bad input', async () => {
    const noEventScope = await createKey(orgA.id, ['webhooks:write', 'deliveries:read', 'view:contacts']);
    const refused = await createLink(webhookA1, { expiresInHours: 1 }, noEventScope);
    expect(refused.status).toBe(403);
    expect(refused.body.error.missingScopes).toEqual(['view:transactions']);
    const noRead = await createKey(orgA.id, ['webhooks:write', 'view:transactions']);
    expect((await createLink(webhookA1, { expiresInHours: 1 }, noRead)).status).toBe(403);
    const noWrite = await createKey(orgA.id, ['webhooks:write', 'deliveries:read', 'view:transactions']);
    expect((await createLink(webhookA1, { expiresInHours: 1, allowResend: false }, noWrite)).status).toBe(201);
    const resendRefused = await createLink(webhookA1, { expiresInHours: 1, allowResend: true }, noWrite);
    expect(resendRefused.status).toBe(403);
    expect(resendRefused.body.error.missingScopes).toEqual(['deliveries:write']);
    for (const body of [null, [], { expiresInHours: 0 }, { expiresInHours: 721 }, { expiresInHours: 1.5 }, { expiresInHours: '5' }, { expiresInHours: 1, allowResend: 'yes' }, { expiresInHours: 1, extra: 1 }]) {
      const response = await createLink(webhookA1, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.issues.length).toBeGreaterThan(0);
    }
    // Both fields have defaults: a day, no resend.
    const defaults = await createLink(webhookA1, {});
    expect(defaults.status).toBe(201);
    expect(defaults.body.allowResend).toBe(false);
    expect(defaults.body.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(23 * 3600);
    // Another organization's webhook is not found.
    expect((await createLink(webhookB, { expiresInHours: 1 })).status).toBe(404);
    expect((await createLink(webhookA1, { expiresInHours: 1 }, keyB)).status).toBe(404);
  });

  it('open the webhook’s deliveries with request and response, search them, send a test and resend', async () => {
    const link = await newLink(webhookA1);
    const portal = portalCalls(link.token, delivery.a1);
    const session = await portal.session();
    expect(session.status).toBe(200);
    expect(session.body.webhook).toMatchObject({ webhookId: webhookA1, url: 'https://example.com/a1' });
    expect(session.body.link.allowResend).toBe(true);
    expect(JSON.stringify(session.body)).not.toMatch(/secret|organization/i);

    const list = await portal.list();
    expect(list.status).toBe(200);
    expect(list.body.data.map((row: { id: string }) => row.id)).toEqual([delivery.a1]);
    expect((await portal.list('q=shared.donor')).body.data).toHaveLength(1);
    expect((await portal.list('q=zzqx-nobody-here')).body.data).toHaveLength(0);
    expect((await portal.list('webhookId=' + webhookA2)).body.data.map((row: { webhookId: string }) => row.webhookId)).toEqual([webhookA1]);
    expect((await portal.list('q=ab')).status).toBe(400);

    const detail = await portal.detail();
    expect(detail.status).toBe(200);
    expect(detail.body.attempts[0].request.body).toContain('shared.donor@example.org');
    expect(detail.body.attempts[0].response.body).toBe('thanks');
    // Of the organization, only what the webhook's own receiver gets in every body (the payload's organizationId).
    expect(Object.keys(detail.body)).not.toEqual(expect.arrayContaining(['organizationId']));
    expect(detail.body.eventOrganization).toBeUndefined();
    expect(detail.body.eventOrganizationId).toBeUndefined();

    const sample = await portal.sample();
    expect(sample.status).toBe(200);
    const test = await portal.test();
    expect(test.status).toBe(202);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: test.body.deliveryId } })).webhookId).toBe(webhookA1);

    await resetRateLimit(LIMITS.replayPerOrganization, orgA.id);
    const resend = await portal.resend();
    expect(resend.status).toBe(202);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.a1 } })).status).toBe('PENDING');

    // Each use is counted on the link (lib/portal/record-portal-use.ts); each action is audited, the
    // link as the actor, and views at most once an hour per link, so a link holder cannot flood the log.
    const row = await db.portalLink.findUniqueOrThrow({ where: { id: link.id } });
    // session, four lists (the 400 never reached the link), detail, test, resend: the sample is catalog data, not a use.
    expect(row.useCount).toBe(8);
    expect(row.lastUsedAt).not.toBeNull();
    const uses = await db.auditEntry.findMany({ where: { organizationId: orgA.id, actorType: 'portalLink', actorId: link.id }, orderBy: { id: 'asc' } });
    expect(uses.map((use) => use.action)).toEqual(['portal.viewed', 'portal.test_sent', 'portal.delivery_resent']);
    expect(uses.filter((use) => use.action === 'portal.delivery_resent').map((use) => use.targetId)).toEqual([delivery.a1]);
    // An hour after the last audited view, the next view is audited again.
    await db.portalLink.update({ where: { id: link.id }, data: { viewAuditedAt: new Date(Date.now() - 3_600_001) } });
    expect((await portal.list()).status).toBe(200);
    expect((await portal.list()).status).toBe(200);
    const later = await db.auditEntry.findMany({ where: { organizationId: orgA.id, actorType: 'portalLink', actorId: link.id } });
    expect(later.filter((use) => use.action === 'portal.viewed')).toHaveLength(2);
    expect((await db.portalLink.findUniqueOrThrow({ where: { id: link.id } })).useCount).toBe(10);
  });

  it('cannot reach another webhook’s or another organization’s deliveries through any route', async () => {
    const link = await newLink(webhookA1);
    for (const foreign of [delivery.a2, delivery.b, 'msg_01doesnotexist0000000000000', '../../deliveries/x']) {
      const portal = portalCalls(link.token, foreign);
      const detail = await portal.detail();
      expect(detail.status, `detail ${foreign}`).toBe(404);
      expect(JSON.stringify(detail.body)).not.toContain('example.com/a2');
      await resetRateLimit(LIMITS.replayPerOrganization, orgA.id);
      expect((await portal.resend()).status, `resend ${foreign}`).toBe(404);
    }
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.b } })).status).toBe('PENDING');
    // The list never shows them either, whatever the filters say.
    const list = await portalCalls(link.token, delivery.a1).list(`limit=100&webhookId=${webhookB}&q=b.donor`);
    expect(list.body.data).toEqual([]);
  });

  it('a link without resend may not resend', async () => {
    const link = await newLink(webhookA1, { expiresInHours: 1, allowResend: false });
    const response = await portalCalls(link.token, delivery.a1).resend();
    expect(response.status).toBe(403);
    expect((await portalCalls(link.token, delivery.a1).session()).body.link.allowResend).toBe(false);
  });

  it('stop working when revoked or expired (410 on every route), and an unknown token is a 404', async () => {
    const revoked = await newLink(webhookA1);
    expect((await portalCalls(revoked.token, delivery.a1).session()).status).toBe(200);
    // Revoking needs the webhook's own link id: another webhook's or organization's is a 404.
    expect((await call(portalLinkRoute.DELETE, { method: 'DELETE', key: keyA, params: { id: webhookA2, linkId: revoked.id }, path: '/x' })).status).toBe(404);
    expect((await call(portalLinkRoute.DELETE, { method: 'DELETE', key: keyB, params: { id: webhookA1, linkId: revoked.id }, path: '/x' })).status).toBe(404);
    const deleted = await call(portalLinkRoute.DELETE, { method: 'DELETE', key: keyA, params: { id: webhookA1, linkId: revoked.id }, path: `/api/v1/webhooks/${webhookA1}/portal-links/${revoked.id}` });
    expect(deleted.status).toBe(204);

    const expired = await newLink(webhookA1);
    await db.portalLink.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    for (const [token, word] of [[revoked.token, 'revoked'], [expired.token, 'expired']] as const) {
      for (const [name, request] of Object.entries(portalCalls(token, delivery.a1))) {
        const response = await request();
        expect(response.status, `${word} ${name}`).toBe(410);
        expect(response.body.error.code).toBe('portal_link_gone');
        expect(response.body.error.message).toContain(word);
      }
    }
    const listed = await call(portalLinksRoute.GET, { key: keyA, params: { id: webhookA1 }, path: '/x' });
    const statuses = Object.fromEntries(listed.body.data.map((link: { id: string; status: string }) => [link.id, link.status]));
    expect(statuses[revoked.id]).toBe('revoked');
    expect(statuses[expired.id]).toBe('expired');

    for (const token of ['tdp_' + 'A'.repeat(43), 'not-a-token', revoked.token.slice(0, -1) + (revoked.token.endsWith('A') ? 'B' : 'A')]) {
      for (const request of Object.values(portalCalls(token, delivery.a1))) expect((await request()).status).toBe(404);
    }
  });

  it('are rate limited per link (429 with Retry-After)', async () => {
    const link = await newLink(webhookA1);
    const portal = portalCalls(link.token, delivery.a1);
    let limited: Awaited<ReturnType<typeof portal.session>> | null = null;
    for (let batch = 0; batch < 30 && !limited; batch += 1) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => portal.sample()));
      limited = answers.find((answer) => answer.status === 429) ?? null;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another link is not affected.
    const other = await newLink(webhookA1);
    expect((await portalCalls(other.token, delivery.a1).session()).status).toBe(200);
  });

  it('go away with their webhook', async () => {
    const webhook = (await createWebhook({ organizationId: orgA.id, data: { url: 'https://example.com/gone', events: ['donation.created'], pingOnCreate: false } })).row.id;
    const link = await newLink(webhook);
    await db.webhook.delete({ where: { id: webhook } });
    expect((await portalCalls(link.token, delivery.a1).session()).status).toBe(404);
  });
});
