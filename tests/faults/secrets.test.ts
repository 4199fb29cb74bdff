import { describe, expect, it, vi } from 'vitest';
import * as apiKeyRoute from '../../app/api/v1/api-keys/[id]/route';
import * as apiKeysRoute from '../../app/api/v1/api-keys/route';
import * as deliveryRoute from '../../app/api/v1/deliveries/[id]/route';
import * as resendRoute from '../../app/api/v1/deliveries/[id]/resend/route';
import * as eventsRoute from '../../app/api/v1/events/route';
import * as replayRoute from '../../app/api/v1/webhooks/[id]/replay/route';
import * as rotateRoute from '../../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhookRoute from '../../app/api/v1/webhooks/[id]/route';
import * as testRoute from '../../app/api/v1/webhooks/[id]/test/route';
import * as webhooksRoute from '../../app/api/v1/webhooks/route';
import { startConsoleSession } from '../../lib/auth/console-sessions';
import { createUser } from '../../lib/auth/create-user';
import { db, pool } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { DELIVERY_QUEUE } from '../../lib/queue/queues';
import { call as callRoute, createKey, createOrganization } from '../support/fixtures';
import { tablesContaining } from '../support/table-snapshot';
import { waitUntil } from '../support/processes';
import { withWorkerAndReceiver } from '../support/worker-and-receiver';

// tests/secrets-at-rest.test.ts greps every table and every API response for secrets;
// this greps the logs. Everything the product logs through pino (lib/log.ts, the web
// routes and the worker alike) is captured at level trace while webhooks are created
// with an API token and custom headers, rotated, tested, delivered (to a receiver that
// answers, one that fails and one that refuses connections), replayed and resent, API
// keys are minted, used and revoked, and requests fail: 400s carrying secrets in their
// bodies, 401s with keys, and 500s from a queue table taken away mid-run. No secret
// value may appear in any line.

const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('pino', async (importOriginal) => {
  const real = await importOriginal<typeof import('pino')>();
  const destination = { write: (line: string) => void captured.lines.push(line) };
  // The product's own options (level, redaction, serializers); only where lines go differs.
  const capture = Object.assign((options: Parameters<typeof real.default>[0]) => real.default(options as never, destination), real.default);
  return { ...real, default: capture };
});
// The console-only API key routes need a session: a real admin user's, as next-auth would resolve it.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number; sid: string } }));
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), getServerSession: async () => session.current }));

process.env.TIDINGS_LOG_LEVEL = 'trace';
resetEnvCache();

const { receiver } = withWorkerAndReceiver();
receiver.reply('/fails', () => ({ status: 500, body: '{"error":"receiver is down"}' }));

// Every API answer of the run, to prove custom header values never leave in one.
const responses: string[] = [];
const call: typeof callRoute = async (...args) => {
  const response = await callRoute(...args);
  responses.push(JSON.stringify(response.body));
  return response;
};

describe('secrets in the logs', () => {
  it('no webhook secret, API token, custom header value, API key or password is ever logged', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const password = 'console-password-never-logged';
    const user = await createUser({ organizationId: organization.id, email: 'secrets-admin@example.com', password, role: 'admin' });
    session.current = { uid: user.id, sv: 1, sid: await startConsoleSession({ userId: user.id }) };
    const console_ = { host: 'localhost', origin: 'http://localhost' };
    const secrets = new Map<string, string>([['fixture API key', key], ['password', password]]);

    // API keys: minted in the console, used, revoked, used again.
    const minted = await call(apiKeysRoute.POST, { method: 'POST', headers: console_, body: { name: 'log test', scopes: ['webhooks:read', 'webhooks:write', 'events:write', 'view:contacts'] } });
    expect(minted.status).toBe(201);
    secrets.set('minted API key', minted.body.key);
    expect((await call(webhooksRoute.GET, { key: minted.body.key })).status).toBe(200);

    // Webhooks with API tokens and custom headers: one answering, one failing, one refusing connections.
    const targets = [
      { path: '/ok', url: receiver.url('/ok') },
      { path: '/fails', url: receiver.url('/fails') },
      { path: null, url: 'http://127.0.0.1:9/refused' },
    ];
    const webhookIds: string[] = [];
    for (const [index, target] of targets.entries()) {
      const apiToken = `api-token-${index}-never-logged`;
      const headerValue = `custom-header-${index}-never-logged`;
      const created = await call(webhooksRoute.POST, {
        method: 'POST',
        key,
        body: { url: target.url, events: ['*'], apiToken, customHeaders: { 'X-Receiver-Key': headerValue }, retryPolicy: 'fixed' },
      });
      expect(created.status).toBe(201);
      webhookIds.push(created.body.webhookId);
      secrets.set(`secret of webhook ${index}`, created.body.secret);
      secrets.set(`apiToken ${index}`, apiToken);
      secrets.set(`custom header ${index}`, headerValue);
      const rotated = await call(rotateRoute.POST, { method: 'POST', key, params: { id: created.body.webhookId } });
      expect(rotated.status).toBe(200);
      secrets.set(`rotated secret of webhook ${index}`, rotated.body.secret);
      expect((await call(testRoute.POST, { method: 'POST', key, params: { id: created.body.webhookId }, body: { event: 'donation.created' } })).status).toBe(202);
    }
    // A token changed later, and one in a PATCH that is refused.
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhookIds[0] }, body: { apiToken: 'patched-api-token-never-logged' } })).status).toBe(200);
    secrets.set('patched apiToken', 'patched-api-token-never-logged');
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhookIds[0] }, body: { apiToken: 'refused-api-token-never-logged', timeoutSeconds: 99 } })).status).toBe(400);
    secrets.set('refused apiToken', 'refused-api-token-never-logged');
    expect((await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'not a url', events: ['*'], apiToken: 'invalid-body-token-never-logged' } })).status).toBe(400);
    secrets.set('apiToken of a refused create', 'invalid-body-token-never-logged');

    // Events, replays and resends through every webhook.
    for (let index = 0; index < 3; index += 1) {
      expect((await call(eventsRoute.POST, { method: 'POST', key: minted.body.key, body: { type: 'contact.created', data: { contact: { id: String(index), email: `c${index}@example.com` } } } })).status).toBe(202);
    }
    await waitUntil(() => receiver.on('/ok').length >= 5, 30_000, 'the answering receiver to get the pings, tests and events');
    await waitUntil(() => receiver.on('/fails').length >= 6, 30_000, 'the failing receiver to be retried');
    expect(receiver.on('/ok')[0].headers.authorization).toMatch(/^Bearer (api-token-0|patched-api-token)-never-logged$/);
    expect((await call(replayRoute.POST, { method: 'POST', key, params: { id: webhookIds[0] }, body: { since: 1, status: 'SUCCEEDED', includeSucceeded: true } })).status).toBe(202);
    const delivery = await db.delivery.findFirstOrThrow({ where: { webhookId: webhookIds[1] } });
    expect((await call(resendRoute.POST, { method: 'POST', key, params: { id: delivery.id } })).status).toBe(202);

    // Keys that fail: revoked, malformed, unknown.
    const keyRow = await db.apiKey.findFirstOrThrow({ where: { prefix: minted.body.apiKey.prefix } });
    expect((await call(apiKeyRoute.DELETE, { method: 'DELETE', headers: console_, params: { id: keyRow.id } })).status).toBe(200);
    expect((await call(webhooksRoute.GET, { key: minted.body.key })).status).toBe(401);
    expect((await call(webhooksRoute.GET, { headers: { authorization: `Bearer ${key} trailing` } })).status).toBe(401);
    expect((await call(webhooksRoute.GET, { headers: { authorization: `Basic ${Buffer.from(`user:${password}`).toString('base64')}` } })).status).toBe(401);

    // 500s, so the error paths log: the delivery queue refuses every new job for a moment.
    const linesBefore = captured.lines.length;
    const { rows } = await pool().query<{ table: string }>(`select table_name as table from pgboss.queue where name = $1`, [DELIVERY_QUEUE]);
    const queueTable = `pgboss."${rows[0].table}"`;
    await pool().query(`alter table ${queueTable} add constraint refuses_new_jobs check (false) not valid`);
    try {
      const broken = await call(webhooksRoute.POST, {
        method: 'POST',
        key,
        body: { url: receiver.url('/ok'), events: ['*'], apiToken: 'api-token-of-a-500-never-logged', customHeaders: { 'X-Receiver-Key': 'header-of-a-500-never-logged' } },
      });
      expect(broken.status).toBe(500);
      expect(broken.body.error.code).toBe('internal_error');
      const event = await call(eventsRoute.POST, { method: 'POST', key, body: { type: 'contact.created', data: { contact: { id: 'x', email: 'x@example.com' } } } });
      expect(event.status).toBe(500);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await pool().query(`alter table ${queueTable} drop constraint refuses_new_jobs`);
    }
    secrets.set('apiToken of a 500', 'api-token-of-a-500-never-logged');
    secrets.set('custom header of a 500', 'header-of-a-500-never-logged');
    const errorLines = captured.lines.slice(linesBefore).filter((line) => line.includes('unhandled error in route'));
    expect(errorLines.length, 'the 500s were logged, so the capture sees the error path').toBeGreaterThanOrEqual(2);
    // The failed create left nothing behind (its ping could not be queued).
    expect(await db.webhook.count({ where: { organizationId: organization.id } })).toBe(3);
    await waitUntil(async () => {
      expect((await call(testRoute.POST, { method: 'POST', key, params: { id: webhookIds[0] }, body: { event: 'contact.created' } })).status).toBe(202);
      return receiver.requests.some((request) => request.body.includes('"contact.created"') && request.body.includes('"test":true'));
    }, 30_000, 'the worker to carry on after the queue came back');

    // The server's own secrets too: the database password, the session and encryption keys.
    secrets.set('database password', decodeURIComponent(new URL(process.env.DATABASE_URL!).password));
    secrets.set('NEXTAUTH_SECRET', process.env.NEXTAUTH_SECRET!);
    secrets.set('TIDINGS_ENCRYPTION_KEY', process.env.TIDINGS_ENCRYPTION_KEY!);
    if (process.env.FAULTS_PRINT_LOGS) console.log(captured.lines.join(''));

    // The grep.
    const log = captured.lines.join('');
    expect(captured.lines.length).toBeGreaterThan(0);
    const found = [...secrets].filter(([, value]) => log.includes(value)).map(([name]) => name);
    expect(found).toEqual([]);
    // Nor in any of the forms a value may take on the way out: base64 (Basic auth) or the header line.
    for (const [name, value] of secrets) {
      expect(log.includes(Buffer.from(value).toString('base64')), `${name} as base64`).toBe(false);
    }
    // Custom header values: in no API answer of the whole run (GETs of the webhooks and their
    // delivery logs included) and, like every other secret here, in no table in plain text.
    for (const id of webhookIds) {
      await call(webhookRoute.GET, { key, params: { id } });
      const logged = await db.delivery.findFirstOrThrow({ where: { webhookId: id }, orderBy: { id: 'desc' } });
      await call(deliveryRoute.GET, { key, params: { id: logged.id } });
    }
    const headerSecrets = [...secrets].filter(([name]) => name.startsWith('custom header'));
    expect(headerSecrets.length).toBe(4);
    for (const [name, value] of headerSecrets) expect(responses.some((body) => body.includes(value)), `${name} in an API answer`).toBe(false);
    const storedSecrets = [...secrets].filter(([name]) => !['database password', 'NEXTAUTH_SECRET', 'TIDINGS_ENCRYPTION_KEY'].includes(name));
    for (const [name, value] of storedSecrets) expect(await tablesContaining(value), `${name} in a table`).toEqual([]);
    const levels = new Map<string, number>();
    for (const line of captured.lines) {
      const { level, msg } = JSON.parse(line) as { level: number; msg: string };
      const labelled = `${level >= 50 ? 'error' : level >= 40 ? 'warn' : level >= 30 ? 'info' : level >= 20 ? 'debug' : 'trace'}: ${msg}`;
      levels.set(labelled, (levels.get(labelled) ?? 0) + 1);
    }
    console.log(`captured ${captured.lines.length} log lines at level trace: ${[...levels].map(([message, count]) => `${message} ×${count}`).join('; ')}`);
    console.log(`checked: none of ${secrets.size} secret values (${[...secrets.keys()].join(', ')}) appears in them, in clear or base64`);
  });
});
