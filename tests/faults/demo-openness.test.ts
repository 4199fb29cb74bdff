// Issue 12.9 (README "Demo openness": "Demo openness (loopback targets, http://, the inbox) follows
// NODE_ENV, not the absence of DATABASE_URL: on unless NODE_ENV=production"). In
// production nothing private is reachable unless TIDINGS_ALLOWED_NETWORKS says so, and
// the demo data points no webhook at an inbox that is turned off.
import { describe, expect, it } from 'vitest';
import * as receiveRoute from '../../app/inbox/[token]/route';
import { seedDemoData } from '../../lib/demo/seed-demo-data';
import { db } from '../../lib/db';
import { emitEvent } from '../../lib/events/emit';
import { launcherChildEnv, parseEnv, resetEnvCache } from '../../lib/env';
import { createWebhook } from '../../lib/webhooks/create-webhook';
import { call, createOrganization } from '../support/fixtures';
import { spawnWorker, stopGracefully, waitUntil } from '../support/processes';
import { withReceiverAndProcesses } from '../support/processes-and-receiver';

// The test process itself runs open (tests/support/setup-database.ts sets loopback and
// http); these are the variables a production process would not have.
const DEMO_VARIABLES = ['TIDINGS_ALLOW_HTTP', 'TIDINGS_ALLOWED_NETWORKS', 'TIDINGS_INBOX_ENABLED', 'TIDINGS_LOCAL_DEMO'] as const;

async function asProduction<T>(extra: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries([...DEMO_VARIABLES, 'NODE_ENV'].map((name) => [name, process.env[name]]));
  for (const name of DEMO_VARIABLES) delete process.env[name];
  Object.assign(process.env, { NODE_ENV: 'production' }, extra);
  resetEnvCache();
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const name of Object.keys(extra)) if (!(name in saved)) delete process.env[name];
    resetEnvCache();
  }
}

const receiver = withReceiverAndProcesses();

describe('demo openness follows NODE_ENV', () => {
  it('in production the demo data has its admin and forms but no webhook to the (turned off) inbox', async () => {
    // First in this file: the demo is seeded only into an empty database.
    const seed = await asProduction({}, () => seedDemoData({ adminEmail: 'owner@example.com', adminPassword: 'a-long-password', baseUrl: 'http://localhost:3000' }));
    expect(seed).toMatchObject({ seeded: true, organizationSlug: 'demo' });
    const demo = await db.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(await db.form.count({ where: { organizationId: demo.id } })).toBe(5);
    expect(await db.membership.count({ where: { organizationId: demo.id, role: 'owner' } })).toBe(1);
    expect(await db.webhook.count({ where: { organizationId: demo.id } })).toBe(0);

    // And the inbox refuses requests in production unless TIDINGS_INBOX_ENABLED says otherwise.
    const inbox = await db.inbox.findFirstOrThrow({ where: { organizationId: demo.id } });
    const receive = receiveRoute.POST as unknown as Parameters<typeof call>[0];
    const post = () => call(receive, { method: 'POST', path: `/inbox/${inbox.token}`, params: { token: inbox.token }, rawBody: '{}' });
    expect((await asProduction({}, post)).status).toBe(404);
    expect((await asProduction({ TIDINGS_INBOX_ENABLED: '1' }, post)).status).toBe(200);
  });

  it('a production worker refuses loopback receivers unless TIDINGS_ALLOWED_NETWORKS allows them, also on the local (embedded) database', async () => {
    const organization = await createOrganization();
    // Created while open (as a webhook made before the switch to production would be).
    const { row } = await createWebhook({
      organizationId: organization.id,
      data: { url: receiver.url('/loopback'), events: ['person.created'], retryPolicy: 'fixed' },
    });
    // TIDINGS_LOCAL_DEMO=1: the database is the launcher's embedded one (as for `npm run
    // tidings` and `npm start`), which used to open the demo by itself.
    const production = { NODE_ENV: 'production', TIDINGS_ALLOW_HTTP: '', TIDINGS_ALLOWED_NETWORKS: '', TIDINGS_INBOX_ENABLED: '', TIDINGS_LOCAL_DEMO: '1' };
    const refusedEvent = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } } });
    const closed = spawnWorker(production);
    const refused = () => db.delivery.findUniqueOrThrow({ where: { id: refusedEvent.deliveries[0].id } });
    await waitUntil(async () => (await refused()).attemptCount >= 1, 60_000, 'the production worker to attempt the delivery', () => closed.output().slice(-3000));
    expect(await refused()).toMatchObject({ status: 'RETRYING', lastError: 'destination not allowed: the host name did not resolve to a public address this server may send to', lastStatusCode: null });
    expect(receiver.on('/loopback')).toHaveLength(0);
    expect((await stopGracefully(closed)).code).toBe(0);

    // The operator allows the network: the same kind of delivery goes through.
    const allowedEvent = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 2 } } });
    const opened = spawnWorker({ ...production, TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8' });
    await waitUntil(
      async () => (await db.delivery.findUniqueOrThrow({ where: { id: allowedEvent.deliveries[0].id } })).status === 'SUCCEEDED',
      60_000,
      'the delivery to an allowed network to succeed',
      () => opened.output().slice(-3000),
    );
    expect(receiver.on('/loopback').length).toBeGreaterThanOrEqual(1);
    expect((await stopGracefully(opened)).code).toBe(0);
    console.log(`checked: webhook ${row.id} to ${receiver.url('/loopback')}: refused by a NODE_ENV=production worker ("destination not allowed: the host name did not resolve to a public address this server may send to", nothing received), delivered once TIDINGS_ALLOWED_NETWORKS=127.0.0.0/8`);
  }, 180_000);

  it('a worker started without NODE_ENV (npm run worker) counts as production', async () => {
    const organization = await createOrganization();
    await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/unset'), events: ['person.created'], retryPolicy: 'fixed' } });
    const event = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 3 } } });
    const worker = spawnWorker({ NODE_ENV: '', TIDINGS_ALLOW_HTTP: '', TIDINGS_ALLOWED_NETWORKS: '', TIDINGS_INBOX_ENABLED: '', TIDINGS_LOCAL_DEMO: '' });
    const delivery = () => db.delivery.findUniqueOrThrow({ where: { id: event.deliveries[0].id } });
    await waitUntil(async () => (await delivery()).attemptCount >= 1, 60_000, 'the worker to attempt the delivery', () => worker.output().slice(-3000));
    expect(await delivery()).toMatchObject({ status: 'RETRYING', lastError: 'destination not allowed: the host name did not resolve to a public address this server may send to' });
    expect(receiver.on('/unset')).toHaveLength(0);
    expect((await stopGracefully(worker)).code).toBe(0);
  }, 120_000);

  it("npm start's web and worker processes (NODE_ENV=production) keep the local demo open", () => {
    // What scripts/start.ts passes them, decided by the launcher's own NODE_ENV (unset here).
    const passed = launcherChildEnv(parseEnv({}));
    const child = parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://127.0.0.1:54329/tidings', TIDINGS_LOCAL_DEMO: '1', ...passed });
    expect(child).toMatchObject({ allowHttp: true, inboxEnabled: true, HOST: '127.0.0.1' });
    expect(child.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
  });
});
