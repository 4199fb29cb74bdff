// Issue #8, SSRF through the real engine (docs/security-model.md#ssrf-guard): the API's creation-time check, the
// worker's send-time check after DNS, rebinding, redirects and the IPv6 spellings of
// private addresses. The unit tests (lib/outbound/*.test.ts) cover the guard itself;
// here a webhook's host resolves, through the worker's injectable lookup, to a private
// address at send time, and a trap listens where a leak would connect.
//
// Loopback plays both roles: 127.0.0.2 is "the internet" (the only allowlisted network
// in this file) and 127.0.0.1 / ::1 are the internal network to protect.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as deliveryRoute from '../../app/api/v1/deliveries/[id]/route';
import * as webhookRoute from '../../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../../app/api/v1/webhooks/route';
import { db } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { emitEvent } from '../../lib/events/emit';
import type { LookupFunction } from '../../lib/outbound/ssrf-guard';
import { call, createKey, createOrganization } from '../support/fixtures';
import { Receiver } from '../support/receiver';
import { withWorker } from '../support/worker-and-receiver';

process.env.TIDINGS_ALLOWED_NETWORKS = '127.0.0.2/32';
resetEnvCache();

const PUBLIC = '127.0.0.2';
// Words and numbers that would tell an attacker why a target was refused.
const REVEALING = /private|loopback|link-local|link local|metadata|reserved|unique local|nat64|mapped|multicast|internal|range|cidr|127\.0\.0\.1|::1|169\.254|10\.0\.0|fe80|fc00|ffff|64:ff9b/i;

type Trap = { connections: number; close: () => Promise<void> };

/** Listens on 127.0.0.1 and ::1 at `port`: a request that reached either would be a leak. */
async function startTrap(port: number): Promise<Trap> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const trap: Trap = {
    connections: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
  for (const host of ['127.0.0.1', '::1']) {
    const server = createServer((socket) => {
      trap.connections += 1;
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nleaked');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    servers.push(server);
  }
  return trap;
}

// name → the answers it resolves to, one list per lookup (the last one repeats).
const dns = new Map<string, string[][]>();
const lookups = new Map<string, number>();
const lookup: LookupFunction = async (hostname) => {
  const answers = dns.get(hostname);
  if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  const count = lookups.get(hostname) ?? 0;
  lookups.set(hostname, count + 1);
  return answers[Math.min(count, answers.length - 1)].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let receiver: Receiver;
let trap: Trap;
let key: string;
let organizationId: string;
let port: number;

beforeAll(async () => {
  // The receiver's port must be free on 127.0.0.1 and ::1 too, for the trap.
  for (let tries = 0; ; tries += 1) {
    receiver = await new Receiver(PUBLIC).start();
    try {
      trap = await startTrap(receiver.port);
      break;
    } catch (error) {
      await receiver.stop();
      if (tries >= 10) throw error;
    }
  }
  port = receiver.port;
});

beforeEach(async () => {
  organizationId = (await createOrganization()).id;
  key = await createKey(organizationId);
});

afterAll(async () => {
  await receiver?.stop();
  await trap?.close();
});

// Started after the receiver and the trap, stopped before them.
withWorker({ lookup });

async function createWebhook(url: string): Promise<{ webhookId: string }> {
  const response = await call(webhooksRoute.POST, { method: 'POST', key, body: { url, events: ['*'], timeoutSeconds: 2 } });
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
  return response.body as { webhookId: string };
}

async function waitForDeliveries(webhookId: string, count: number, statuses: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const deliveries = await db.delivery.findMany({ where: { webhookId }, include: { attempts: true }, orderBy: { id: 'asc' } });
    if (deliveries.length >= count && deliveries.every((delivery) => statuses.includes(delivery.status) && delivery.attempts.length > 0)) return deliveries;
    if (Date.now() > deadline) {
      throw new Error(`deliveries of ${webhookId}: ${deliveries.map((delivery) => delivery.status).join(', ') || 'none'}, wanted ${count} in ${statuses.join('/')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A delivery refused by the guard: no response, the generic error everywhere it is stored or served. */
async function expectBlockedWithoutSayingWhy(delivery: Awaited<ReturnType<typeof waitForDeliveries>>[number], label: string) {
  expect(delivery.lastError, label).toBe('destination not allowed: the host name did not resolve to a public address this server may send to');
  expect(delivery.lastStatusCode, label).toBeNull();
  for (const attempt of delivery.attempts) {
    expect(attempt.error, label).toBe('destination not allowed: the host name did not resolve to a public address this server may send to');
    expect(attempt.responseStatus, label).toBeNull();
    expect(attempt.responseBody, label).toBeNull();
  }
  const served = await call(deliveryRoute.GET, { key, params: { id: delivery.id } });
  expect(served.status).toBe(200);
  const errors = JSON.stringify([served.body.lastError, ...(served.body.attempts ?? []).map((attempt: { error: unknown }) => attempt.error)]);
  expect(errors, `${label}: served errors`).not.toMatch(REVEALING);
  return served.body as Record<string, unknown>;
}

describe('creation-time check', () => {
  it('refuses private literals in every IPv6 spelling, on create and on update, and accepts an allowed one', async () => {
    const refused = [
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      'http://[::]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[fd12:3456::1]/',
      'http://[ff02::1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[64:ff9b::a00:7]/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[0:0:0:0:0:ffff:127.0.0.1]/',
      `http://127.0.0.1:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://0x7f000001/',
    ];
    const allowed = await createWebhook(`http://${PUBLIC}:${port}/literal`);
    for (const url of refused) {
      const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url, events: ['*'] } });
      expect(created.status, `POST ${url}`).toBe(400);
      expect(created.body.error.issues[0].path, url).toBe('url');
      const updated = await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: allowed.webhookId }, body: { url } });
      expect(updated.status, `PATCH ${url}`).toBe(400);
      expect(updated.body.error.issues[0].path, url).toBe('url');
    }
    expect((await db.webhook.findUniqueOrThrow({ where: { id: allowed.webhookId } })).url).toBe(`http://${PUBLIC}:${port}/literal`);
    expect(await db.webhook.count({ where: { organizationId } })).toBe(1);
    console.log(`injected: ${refused.length} private literal URLs (IPv6 loopback, mapped, NAT64, link-local, ULA, multicast, metadata) on create and update`);
    console.log(`checked: all ${refused.length} refused with 400 on url, on POST and on PATCH; the allowed literal ${PUBLIC} accepted`);
  });
});

describe('send-time check', () => {
  it('a host name resolving to a private address in any form is never contacted, and the stored error does not say why', async () => {
    const cases: [string, string[]][] = [
      ['v6-loopback', ['::1']],
      ['mapped-loopback', ['::ffff:127.0.0.1']],
      ['mapped-loopback-hex', ['::ffff:7f00:1']],
      ['link-local', ['fe80::1']],
      ['unique-local', ['fc00::1']],
      ['nat64-loopback', ['64:ff9b::7f00:1']],
      ['nat64-metadata', ['64:ff9b::a9fe:a9fe']],
      ['mapped-metadata', ['::ffff:169.254.169.254']],
      ['metadata', ['169.254.169.254']],
      ['loopback', ['127.0.0.1']],
      ['private', ['10.0.0.7']],
      ['mixed', [PUBLIC, '127.0.0.1']],
    ];
    dns.set('good.tidings.test', [[PUBLIC]]);
    receiver.reply('/good', () => ({ status: 200 }));
    const good = await createWebhook(`http://good.tidings.test:${port}/good`);
    const webhooks: [string, string[], string][] = [];
    for (const [name, answers] of cases) {
      dns.set(`${name}.tidings.test`, [answers]);
      webhooks.push([name, answers, (await createWebhook(`http://${name}.tidings.test:${port}/blocked`)).webhookId]);
    }
    await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: 1 } } });

    // The ping and the event, for each webhook.
    const delivered = await waitForDeliveries(good.webhookId, 2, ['SUCCEEDED']);
    expect(receiver.on('/good')).toHaveLength(2);
    for (const [name, answers, webhookId] of webhooks) {
      const deliveries = await waitForDeliveries(webhookId, 2, ['RETRYING', 'FAILED']);
      for (const delivery of deliveries) {
        const served = await expectBlockedWithoutSayingWhy(delivery, `${name} → ${answers.join(',')}`);
        // The addresses it resolved to appear nowhere in what the API serves.
        for (const address of answers.filter((answer) => answer !== PUBLIC)) expect(JSON.stringify(served), name).not.toContain(address);
      }
    }
    expect(receiver.on('/blocked')).toHaveLength(0);
    expect(trap.connections).toBe(0);
    console.log(`injected: ${cases.length} host names resolving at send time to ${cases.map(([, answers]) => answers.join('+')).join(', ')}`);
    console.log(
      `checked: the control host delivered ${delivered.length}/2; each blocked host's ping and event failed with "destination not allowed: the host name did not resolve to a public address this server may send to", ` +
        `no status, no body, nothing revealing in the API; ${trap.connections} connections reached 127.0.0.1/::1`,
    );
  });

  it('DNS rebinding: the first send resolves to the allowed address, the second to a private one and is refused; each send resolves once', async () => {
    dns.set('rebind.tidings.test', [[PUBLIC], ['127.0.0.1']]);
    dns.set('rebind6.tidings.test', [[PUBLIC], ['::ffff:10.0.0.1']]);
    receiver.reply('/rebind', () => ({ status: 200 }));
    const trapBefore = trap.connections;
    const results: string[] = [];
    for (const host of ['rebind.tidings.test', 'rebind6.tidings.test']) {
      const { webhookId } = await createWebhook(`http://${host}:${port}/rebind`);
      // The ping resolves first and is delivered: the pool to the allowed address stays open.
      const [ping] = await waitForDeliveries(webhookId, 1, ['SUCCEEDED']);
      await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: 2 } } });
      // Until its retries are exhausted (a few seconds at this retry scale), so the counts below are final.
      const deliveries = await waitForDeliveries(webhookId, 2, ['SUCCEEDED', 'FAILED']);
      const rebound = deliveries.find((delivery) => delivery.id !== ping.id)!;
      expect(rebound.status).toBe('FAILED');
      await expectBlockedWithoutSayingWhy(rebound, host);
      const attempts = deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0);
      // One resolution per attempt: nothing resolved the name again to connect.
      expect(lookups.get(host), host).toBe(attempts);
      results.push(`${host}: ping delivered, then ${rebound.attempts.length} attempt(s) refused, ${lookups.get(host)} lookups for ${attempts} attempts`);
    }
    expect(receiver.on('/rebind')).toHaveLength(2);
    expect(trap.connections - trapBefore).toBe(0);
    console.log('injected: two rebinding names (first answer 127.0.0.2, then 127.0.0.1 / ::ffff:10.0.0.1) and a keep-alive pool open to the first answer');
    console.log(`checked: ${results.join('; ')}; 0 connections reached the private side`);
  });

  it('redirects are never followed, to a private address or anywhere else', async () => {
    const targets = [`http://127.0.0.1:${port}/trap`, `http://[::1]:${port}/trap`, 'http://169.254.169.254/latest/meta-data/', `http://${PUBLIC}:${port}/redirect-target`];
    const statuses = [301, 302, 303, 307, 308];
    const trapBefore = trap.connections;
    let made = 0;
    for (const status of statuses) {
      const target = targets[made % targets.length];
      const path = `/redirect-${status}`;
      receiver.reply(path, () => ({ status, headers: { location: target } }));
      const { webhookId } = await createWebhook(`http://${PUBLIC}:${port}${path}`);
      const [ping] = await waitForDeliveries(webhookId, 1, ['RETRYING', 'FAILED']);
      expect(ping.lastStatusCode, path).toBe(status);
      expect(ping.lastError, path).toBe(`HTTP ${status}`);
      expect(ping.attempts[0].responseHeaders, path).toMatchObject({ location: target });
      made += 1;
    }
    expect(receiver.on('/redirect-target')).toHaveLength(0);
    expect(trap.connections - trapBefore).toBe(0);
    console.log(`injected: receivers answering ${statuses.join('/')} with Location to 127.0.0.1, ::1, 169.254.169.254 and an allowed host`);
    console.log(`checked: each attempt stored the 3xx as a failed attempt with its Location, no redirect target was requested, 0 trap connections`);
  });

  it('a stored literal URL that is not allowed (any more) is refused at send time too', async () => {
    const { webhookId } = await createWebhook(`http://${PUBLIC}:${port}/literal-later`);
    await waitForDeliveries(webhookId, 1, ['SUCCEEDED']);
    const trapBefore = trap.connections;
    const literals = [`http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::ffff:7f00:1]:${port}/`, `http://127.0.0.1:${port}/`];
    for (const [index, url] of literals.entries()) {
      // As if created while TIDINGS_ALLOWED_NETWORKS was wider: the row already holds it.
      await db.webhook.update({ where: { id: webhookId }, data: { url } });
      await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: 10 + index } } });
      const deliveries = await waitForDeliveries(webhookId, 2 + index, ['SUCCEEDED', 'RETRYING', 'FAILED']);
      await expectBlockedWithoutSayingWhy(deliveries.at(-1)!, url);
    }
    expect(trap.connections - trapBefore).toBe(0);
    console.log(`injected: the stored URL changed to ${literals.join(', ')} behind the API's back`);
    console.log(`checked: every send refused with the generic error, 0 connections to 127.0.0.1/::1`);
  });
});
