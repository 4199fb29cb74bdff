// An in-place upgrade (docs/deploying.md "Upgrading"): the previous release
// (scripts/release/previous-release.json) runs under `npm start` and writes webhooks, an API
// key, secrets and deliveries that are still being retried; this release's `npm start` on
// the same data directory takes them over: the key still works, the secrets still sign,
// the retried deliveries arrive and new events flow.
import { spawn, type ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { preparePreviousRelease, type PreviousRelease } from '../../scripts/release/previous-release';
import { findFreePort } from '../../scripts/support/free-port';
import { VerifyingReceiver } from './support/load';
import { sleep, until } from './support/scenario';

const root = path.resolve(import.meta.dirname, '../..');
let previous: PreviousRelease;
let dataDir: string;
let environment: NodeJS.ProcessEnv;
let baseUrl: string;
let running: ChildProcess | null = null;
const receiver = new VerifyingReceiver('127.0.0.1');
let receiverUrl: string;

function startTidings(directory: string, label: string): ChildProcess {
  const log = openSync(path.join(dataDir, `${label}.log`), 'a');
  const child = spawn('npm', ['start'], { cwd: directory, env: environment, stdio: ['ignore', log, log], detached: true });
  running = child;
  return child;
}

async function stopTidings(): Promise<void> {
  const child = running;
  if (!child?.pid) return;
  running = null;
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(60_000)]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // stopped cleanly
  }
}

async function healthy(): Promise<void> {
  await until('npm start to answer /api/health', 300_000, async () => (await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })).status === 200);
}

async function api(key: string, method: string, pathName: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/api/v1${pathName}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

beforeAll(async () => {
  previous = preparePreviousRelease((line) => console.log(`[cluster test] ${line}`));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-in-place-'));
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // The local demo of each release: neither the cluster's database nor the test runner's NODE_ENV.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'NODE_ENV'));
  environment = { ...inherited, PORT: String(port), TIDINGS_DB_PORT: String(await findFreePort()), TIDINGS_DATA_DIR: dataDir, TIDINGS_RETRY_SCALE: '0.001' } as unknown as NodeJS.ProcessEnv;
  receiverUrl = await receiver.start();
});

afterAll(async () => {
  await stopTidings();
  await receiver.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('data written by the previous release under npm start is intact and keeps flowing after npm start of this release', async () => {
  startTidings(previous.directory, `tidings-${previous.version}`);
  await healthy();
  const cli = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/cli.ts', 'api-key', 'create', '--org', 'demo', '--scopes', 'webhooks:read,webhooks:write,events:write,deliveries:read,view:contacts'], {
    cwd: previous.directory,
    env: environment,
    encoding: 'utf8',
  });
  expect(cli.status, cli.stderr).toBe(0);
  const key = cli.stdout.trim().split('\n').at(-1)!;

  const createWebhook = async (name: string) => {
    const created = await api(key, 'POST', '/webhooks', { url: `${receiverUrl}/${name}`, events: ['person.created'], pingOnCreate: false, retryPolicy: 'exponential' });
    expect(created.status).toBe(201);
    receiver.expect(`/${name}`, created.body.secret);
    return created.body.webhookId as string;
  };
  receiver.refusing.add('/retrying');
  await createWebhook('retrying');
  await createWebhook('flowing');
  const sample = (await api(key, 'GET', '/event-types/person.created/sample')).body.data;
  const emitted: string[] = [];
  const emit = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const answer = await api(key, 'POST', '/events', { type: 'person.created', data: sample });
      expect(answer.status).toBe(202);
      emitted.push(answer.body.eventId);
    }
  };
  await emit(20);
  const received = (pathName: string) => new Set(receiver.deliveries.filter((d) => d.path === pathName).map((d) => d.eventId));
  await until('the previous release to deliver to the flowing webhook', 60_000, async () => received('/flowing').size >= 20);
  await until('failed attempts to the retrying webhook', 60_000, async () => receiver.refusedAttempts >= 20);
  const webhooksBefore = (await api(key, 'GET', '/webhooks?limit=100')).body.data.map((w: { webhookId: string }) => w.webhookId).sort();
  await stopTidings();
  const attemptsBeforeUpgrade = receiver.refusedAttempts;

  startTidings(root, 'tidings-new');
  await healthy();
  // The key, the webhooks and their secrets from before the upgrade.
  const webhooksAfter = (await api(key, 'GET', '/webhooks?limit=100')).body.data.map((w: { webhookId: string }) => w.webhookId).sort();
  expect(webhooksAfter).toEqual(webhooksBefore);
  // The receiver comes back: the deliveries the previous release was retrying arrive, signed with the old secret.
  receiver.refusing.delete('/retrying');
  await until('the retried deliveries', 180_000, async () => emitted.every((id) => received('/retrying').has(id)));
  await emit(10);
  await until('new events to both webhooks', 60_000, async () => emitted.every((id) => received('/flowing').has(id) && received('/retrying').has(id)));
  console.log(
    `[cluster test] in-place upgrade from ${previous.version}: ${webhooksAfter.length} webhooks kept, ${attemptsBeforeUpgrade} failed attempts before the upgrade, ` +
      `${emitted.length} events delivered to both webhooks, ${receiver.badSignatures} bad signatures`,
  );
  expect(receiver.badSignatures).toBe(0);
});
