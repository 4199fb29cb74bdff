// Issue 12.8: the inbox URL is public, so what it keeps is bounded — the newest
// TIDINGS_INBOX_KEEP requests (default 500), a rate per inbox (1,200 a minute, then 429
// with Retry-After), and no credentials a sender or a browser attached.
import { beforeAll, describe, expect, it } from 'vitest';
import * as inboxRequestsRoute from '../../app/api/v1/inboxes/[id]/requests/route';
import * as inboxesRoute from '../../app/api/v1/inboxes/route';
import * as receiveRoute from '../../app/inbox/[token]/route';
import { db } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { call, createKey, createOrganization } from '../support/fixtures';

let keyA: string;

beforeAll(async () => {
  keyA = await createKey((await createOrganization()).id);
});

async function createInbox(key: string, name: string) {
  const response = await call(inboxesRoute.POST, { method: 'POST', key, body: { name } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; token: string };
}

async function listRequests(key: string, inboxId: string) {
  const response = await call(inboxRequestsRoute.GET, { key, path: `/api/v1/inboxes/${inboxId}/requests`, params: { id: inboxId } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { data: { body: string; headers: Record<string, string> }[] };
}

describe('inbox bounds', () => {
  async function postToInbox(token: string, input: { headers?: Record<string, string>; body?: string } = {}) {
    const receive = receiveRoute.POST as unknown as Parameters<typeof call>[0];
    return call(receive, {
      method: 'POST',
      path: `/inbox/${token}`,
      params: { token },
      headers: { 'content-type': 'application/json', ...input.headers },
      rawBody: input.body ?? '{}',
    });
  }

  it('drops the cookie, authorization and proxy-authorization headers before storing', async () => {
    const inbox = await createInbox(keyA, 'Credentials');
    const response = await postToInbox(inbox.token, {
      headers: {
        cookie: 'next-auth.session-token=eyJsession; tidings_org=org_1',
        authorization: 'Bearer tok_live_secretvalue123456',
        'proxy-authorization': 'Basic dXNlcjpwYXNzd29yZA==',
        'x-custom': 'kept',
      },
      body: '{"hello":"world"}',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const stored = await db.inboxRequest.findMany({ where: { inbox: { token: inbox.token } } });
    expect(stored).toHaveLength(1);
    const headers = stored[0].headers as Record<string, string>;
    expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['cookie']));
    expect(headers).not.toHaveProperty('cookie');
    expect(headers).not.toHaveProperty('authorization');
    expect(headers).not.toHaveProperty('proxy-authorization');
    expect(headers['x-custom']).toBe('kept');
    console.log(`injected: a request with Cookie, Authorization and Proxy-Authorization; checked: stored header names ${JSON.stringify(Object.keys(headers).sort())}`);
    const text = JSON.stringify(stored) + JSON.stringify((await listRequests(keyA, inbox.id)).data);
    for (const secret of ['eyJsession', 'tok_live_secretvalue123456', 'dXNlcjpwYXNzd29yZA==']) expect(text).not.toContain(secret);
  });

  it('keeps only the newest 500 requests of an inbox by default, pruned as new ones arrive', async () => {
    const inbox = await createInbox(keyA, 'Busy');
    const other = await createInbox(keyA, 'Quiet neighbour');
    expect((await postToInbox(other.token, { body: '{"neighbour":true}' })).status).toBe(200);
    const total = 505;
    for (let index = 0; index < total; index += 1) {
      const response = await postToInbox(inbox.token, { body: JSON.stringify({ index }) });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
    const kept = await db.inboxRequest.findMany({ where: { inbox: { token: inbox.token } }, select: { body: true } });
    const indexes = kept.map((row) => (JSON.parse(row.body) as { index: number }).index).sort((a, b) => a - b);
    expect(indexes).toHaveLength(500);
    expect(indexes[0]).toBe(total - 500);
    expect(indexes.at(-1)).toBe(total - 1);
    // Another inbox's requests are not touched.
    expect(await db.inboxRequest.count({ where: { inbox: { token: other.token } } })).toBe(1);
    console.log(`injected: ${total} requests to one inbox; checked: ${indexes.length} kept, #${indexes[0]}–#${indexes.at(-1)}, the neighbour's one request kept`);
  });

  it('keeps TIDINGS_INBOX_KEEP requests when it is set', async () => {
    const inbox = await createInbox(keyA, 'Small');
    process.env.TIDINGS_INBOX_KEEP = '3';
    resetEnvCache();
    try {
      for (let index = 0; index < 6; index += 1) expect((await postToInbox(inbox.token, { body: JSON.stringify({ index }) })).status).toBe(200);
    } finally {
      delete process.env.TIDINGS_INBOX_KEEP;
      resetEnvCache();
    }
    const { data } = await listRequests(keyA, inbox.id);
    expect(data.map((row) => JSON.parse(row.body).index)).toEqual([5, 4, 3]);
  });

  it('answers 429 with Retry-After past 1,200 requests a minute to one inbox, and keeps serving other inboxes', async () => {
    const flooded = await createInbox(keyA, 'Flooded');
    const other = await createInbox(keyA, 'Unaffected');
    // Ten at a time, so the 1,300 fit well inside the minute even on a loaded machine.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof postToInbox>> | undefined;
    for (let sent = 0; sent < 1_300; sent += 10) {
      const responses = await Promise.all(Array.from({ length: 10 }, (_, offset) => postToInbox(flooded.token, { body: JSON.stringify({ index: sent + offset }) })));
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status !== 200) refused ??= response;
      }
    }
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBe(1_200);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100);
    expect(refused?.body.error.code).toBe('rate_limited');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await postToInbox(other.token)).status).toBe(200);
    // A refused request is not stored: what is kept was accepted.
    const kept = await db.inboxRequest.findMany({ where: { inbox: { token: flooded.token } }, select: { body: true } });
    expect(kept.length).toBeGreaterThanOrEqual(500);
    for (const row of kept) expect(statuses[(JSON.parse(row.body) as { index: number }).index]).toBe(200);
    console.log(`injected: 1,300 requests to one inbox, ten at a time; checked: ${accepted} accepted, ${statuses.length - accepted} answered 429 (Retry-After ${refused?.headers.get('retry-after')} s), another inbox still 200`);
  }, 120_000);
});
