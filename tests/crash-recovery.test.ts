import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, pool } from '../lib/db';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { Receiver } from './support/receiver';
import { createOrganization } from './support/fixtures';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function spawnScript(args: string[]): ChildProcess {
  return spawn(tsx, ['--conditions=react-server', ...args], {
    cwd: root,
    env: { ...process.env, TIDINGS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let receiver: Receiver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  receiver = await new Receiver().start();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await receiver.stop();
});

describe('crash recovery', () => {
  it('a worker killed mid-delivery loses nothing: every delivery arrives after a restart', async () => {
    const organization = await createOrganization();
    let hang = true;
    receiver.reply('/crash', () => (hang ? { hang: true } : { status: 200 }));
    await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/crash'), events: ['*'], timeoutSeconds: 30 } });
    const { emitEvent } = await import('../lib/events/emit');
    const eventIds: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      eventIds.push((await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: i } } })).eventId);
    }

    const first = spawnScript(['worker/index.ts']);
    children.push(first);
    await receiver.waitFor(() => receiver.on('/crash').length >= 10, 30_000);
    console.log(`injected: SIGKILL of the worker with ${receiver.on('/crash').length} requests in flight`);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    hang = false;
    const second = spawnScript(['worker/index.ts']);
    children.push(second);
    await waitUntil(
      async () => (await db.delivery.count({ where: { eventId: { in: eventIds }, status: 'SUCCEEDED' } })) === 30,
      90_000,
      'all 30 deliveries to succeed after the restart',
    );
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));

    const ids = new Set(receiver.on('/crash').map((request) => String(request.headers['webhook-id'])));
    console.log(`checked: 30/30 delivered, ${receiver.on('/crash').length} requests for ${ids.size} deliveries`);
    const deliveries = await db.delivery.findMany({ where: { eventId: { in: eventIds } }, select: { id: true } });
    for (const delivery of deliveries) expect(ids.has(delivery.id)).toBe(true);
  }, 150_000);

  it('ingestion killed mid-stream leaves no event without its deliveries and jobs', async () => {
    const organization = await createOrganization();
    for (let i = 0; i < 3; i += 1) {
      await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/ingest'), events: ['*'], status: 'PAUSED' } });
    }
    await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { status: 'ACTIVE' } });
    const emitter = spawnScript(['tests/support/emit-forever.ts', organization.id]);
    children.push(emitter);
    await waitUntil(async () => (await db.event.count({ where: { organizationId: organization.id } })) >= 50, 60_000, 'events to be emitted');
    emitter.kill('SIGKILL');
    await new Promise((resolve) => emitter.once('exit', resolve));

    const events = await db.event.findMany({ where: { organizationId: organization.id }, select: { id: true, _count: { select: { deliveries: true } } } });
    console.log(`injected: SIGKILL of an emitting process after ${events.length} events`);
    expect(events.every((event) => event._count.deliveries === 3)).toBe(true);
    const { rows } = await pool().query<{ missing: number }>(
      `select count(*)::int as missing from "Delivery" d
       where d."organizationId" = $1
         and not exists (select 1 from pgboss.job j where j.name = 'deliveries' and j.data->>'deliveryId' = d.id)`,
      [organization.id],
    );
    console.log(`checked: ${events.length * 3} deliveries, ${rows[0].missing} without a queued job`);
    expect(rows[0].missing).toBe(0);
  }, 120_000);
});
