// `npm start` as a user runs it (issue 14): Ctrl-C stops everything cleanly, and a
// worker that dies is restarted without anyone touching anything.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db';
import { findFreePort } from '../scripts/support/free-port';
import { createOrganization, createThousandDeliveries } from './support/fixtures';
import { descendants, healthy, isRunning, spawnNpm, userEnvironment, waitForLine, waitUntil } from './support/processes';
import { withReceiverAndProcesses } from './support/processes-and-receiver';

const receiver = withReceiverAndProcesses({ productionBuild: true });

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `npm start` as a user runs it, against this file's database and secrets, serving on `port`. */
function npmStartOnTestDatabase(port: number, extra: Record<string, string> = {}) {
  return spawnNpm('npm start', ['start'], userEnvironment({
    PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL!,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
    NEXTAUTH_URL: `http://localhost:${port}`,
    TIDINGS_ENCRYPTION_KEY: process.env.TIDINGS_ENCRYPTION_KEY!,
    ...extra,
    TIDINGS_LOG_LEVEL: 'warn',
  }));
}

/** Lines a user should never see from a clean stop. */
function troubleIn(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (/^\s+at /.test(line) || /unhandled/i.test(line)) return true;
    if (/"level":(50|60)/.test(line)) return true;
    if (/\b(Error|ERROR|FATAL)\b|error:/.test(line)) return true;
    return false;
  });
}

describe('npm start', () => {
  it('Ctrl-C (SIGINT to the whole process group) stops demo traffic, web, worker and PostgreSQL in order: exit code 0, no error, nothing left running', async () => {
    const [port, databasePort] = [await findFreePort(), await findFreePort()];
    const dataDir = path.join(os.tmpdir(), `tidings-ctrl-c-${randomBytes(4).toString('hex')}`);
    const npm = spawnNpm('npm start', ['start'], userEnvironment({
      PORT: String(port),
      TIDINGS_DB_PORT: String(databasePort),
      TIDINGS_DATA_DIR: dataDir,
      TIDINGS_ADMIN_PASSWORD: 'ctrl-c-test-password',
      // The live trickle of demo events runs too, and must stop as cleanly.
      TIDINGS_DEMO_TRAFFIC: '1',
    }));
    try {
      await waitForLine(npm, /press Ctrl-C to stop/, 180_000);
      await waitUntil(() => healthy(port), 60_000, 'the web server to answer /api/health', () => npm.output());
      await waitForLine(npm, /worker ready/, 60_000);
      const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as { databasePassword: string };
      const databaseUrl = `postgresql://postgres:${encodeURIComponent(secrets.databasePassword)}@127.0.0.1:${databasePort}/tidings`;
      // TIDINGS_DEMO_TRAFFIC=1: events keep arriving (0.5/s) while it runs.
      const database = new pg.Client({ connectionString: databaseUrl });
      await database.connect();
      const events = async () => (await database.query<{ count: number }>(`select count(*)::int as count from "Event" where type <> 'ping'`)).rows[0].count;
      const before = await events();
      await waitUntil(async () => (await events()) >= before + 3, 30_000, 'three live demo events', () => npm.output());
      await database.end();

      const processes = await descendants(npm.pid);
      expect(processes.some((process) => process.command.includes('scripts/cli.ts simulate'))).toBe(true);
      const postgres = processes.filter((process) => /postgres -D/.test(process.command));
      expect(postgres.length, 'PostgreSQL runs under the launcher').toBe(1);
      expect(processes.some((process) => process.command.includes('worker/index.ts'))).toBe(true);
      expect(processes.some((process) => process.command.includes('scripts/web-server.ts'))).toBe(true);
      // Its own process group: the terminal's Ctrl-C does not reach it.
      const group = (await readFile(`/proc/${postgres[0].pid}/stat`, 'utf8')).split(') ')[1].split(' ')[2];
      expect(Number(group)).not.toBe(npm.pid);

      const outputBefore = npm.output().length;
      npm.kill('SIGINT');
      const timer = setTimeout(() => npm.kill('SIGKILL'), 60_000);
      const { code, signal } = await npm.exited;
      clearTimeout(timer);
      const stopOutput = npm.output().slice(outputBefore);
      console.log(`checked: Ctrl-C output:\n${stopOutput}`);

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(troubleIn(npm.output()), 'no stack trace, "unhandled" or error line').toEqual([]);
      // In order: stop asked, web and worker stopped, then (PostgreSQL) the launcher's last line.
      const at = (pattern: RegExp) => stopOutput.search(pattern);
      expect(at(/\[tidings\] stopping \(Ctrl-C\)/)).toBeGreaterThanOrEqual(0);
      expect(at(/\[tidings web\] stopped/)).toBeGreaterThan(at(/\[tidings\] stopping/));
      expect(at(/"msg":"worker stopped"/)).toBeGreaterThan(at(/\[tidings\] stopping/));
      expect(at(/\[tidings\] stopped/)).toBeGreaterThan(Math.max(at(/\[tidings web\] stopped/), at(/"msg":"worker stopped"/)));
      expect(npm.output()).not.toMatch(/telemetry/i);

      // PostgreSQL was stopped once, by the launcher, with no session still open: nobody was
      // cut off mid-query (the old "terminating connection due to administrator command").
      const log = await readFile(path.join(dataDir, 'postgres.log'), 'utf8');
      const lastRun = log.slice(log.lastIndexOf('database system is ready to accept connections'));
      expect(lastRun.match(/received fast shutdown request/g)?.length).toBe(1);
      expect(lastRun).not.toMatch(/terminating connection due to administrator command/);
      expect(lastRun).toMatch(/database system is shut down/);

      const left = [];
      for (const process of processes) if (await isRunning(process.pid)) left.push(process);
      expect(left, 'nothing left running').toEqual([]);
      expect(await accepts(databaseUrl)).toBe(false);
      expect(await healthy(port)).toBe(false);
    } finally {
      npm.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 400_000);

  it('a worker SIGKILLed during 1,000 deliveries is restarted by npm start, and every delivery arrives with nobody touching anything', async () => {
    // Against this test's database (DATABASE_URL), an organization of its own: the
    // launcher's demo seed sees a non-empty database and adds nothing.
    receiver.reply('/supervised', () => ({ status: 200, delayMs: 100 }));
    const { organization, deliveryIds } = await createThousandDeliveries(receiver.url('/supervised'));
    expect(deliveryIds).toHaveLength(1_000);

    const port = await findFreePort();
    const npm = npmStartOnTestDatabase(port, { TIDINGS_ALLOW_HTTP: '1', TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128' });
    try {
      await waitForLine(npm, /press Ctrl-C to stop/, 180_000);
      const received = () => new Set(receiver.on('/supervised').map((request) => String(request.headers['webhook-id']))).size;
      await waitUntil(() => received() >= 200, 90_000, '200 deliveries received', () => npm.output());
      const worker = (await descendants(npm.pid)).find((process) => process.command.includes('worker/index.ts'));
      expect(worker, 'the worker process').toBeDefined();
      // The worker leads its own process group (node, and anything it started): kill all of it, as a crash would.
      process.kill(-worker!.pid, 'SIGKILL');
      const killedAt = Date.now();
      console.log(`injected: SIGKILL of the worker (pid ${worker!.pid}) with ${received()} of 1000 received`);

      await waitForLine(npm, /worker was killed by SIGKILL; restarting it in 1 s/, 30_000);
      await waitUntil(
        async () => (await db.delivery.count({ where: { organizationId: organization.id, status: 'SUCCEEDED' } })) === 1_000,
        150_000,
        'all 1,000 deliveries to succeed',
        async () => {
          const groups = await db.delivery.groupBy({ by: ['status'], where: { organizationId: organization.id }, _count: true });
          return groups.map((group) => `${group.status}=${group._count}`).join(' ');
        },
      );
      const missing = deliveryIds.filter((id) => !receiver.on('/supervised').some((request) => request.headers['webhook-id'] === id));
      console.log(`checked: 1000/1000 SUCCEEDED ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill, ${missing.length} never received; npm start still running`);
      expect(missing).toEqual([]);
      expect(npm.process.exitCode).toBeNull();
      const restarted = (await descendants(npm.pid)).find((process) => process.command.includes('worker/index.ts'));
      expect(restarted && restarted.pid !== worker!.pid).toBe(true);

      npm.kill('SIGINT');
      expect((await npm.exited).code).toBe(0);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 400_000);
  it('a worker that keeps dying (5 times within a minute) stops npm start, with the reason and exit code 1, leaving nothing running', async () => {
    // A database in use (not empty): npm start seeds nothing into it.
    await createOrganization();
    const port = await findFreePort();
    const npm = npmStartOnTestDatabase(port);
    try {
      await waitForLine(npm, /press Ctrl-C to stop/, 180_000);
      const seen = new Set<number>();
      const everything = new Map<number, string>();
      // Kill each worker as soon as it is (re)started, as a crash on start-up would.
      for (let kill = 1; kill <= 5; kill += 1) {
        let worker: { pid: number; command: string } | undefined;
        await waitUntil(
          async () => {
            const processes = await descendants(npm.pid);
            for (const process of processes) everything.set(process.pid, process.command);
            worker = processes.find((process) => process.command.includes('worker/index.ts') && !seen.has(process.pid));
            return worker !== undefined;
          },
          60_000,
          `worker number ${kill}`,
          () => npm.output(),
        );
        seen.add(worker!.pid);
        process.kill(-worker!.pid, 'SIGKILL');
      }
      const timer = setTimeout(() => npm.kill('SIGKILL'), 60_000);
      const { code } = await npm.exited;
      clearTimeout(timer);
      const output = npm.output();
      console.log(`checked: after 5 kills:\n${output.split('\n').filter((line) => line.startsWith('[tidings]')).slice(-7).join('\n')}`);
      expect(code).toBe(1);
      for (const delay of ['1 s', '2 s', '4 s', '8 s']) expect(output).toContain(`[tidings] worker was killed by SIGKILL; restarting it in ${delay}`);
      expect(output).toContain('[tidings] stopped: worker was killed by SIGKILL, 5 times within 60 s; not restarting it');
      const left = [];
      for (const [pid, command] of everything) if (await isRunning(pid)) left.push({ pid, command });
      expect(left, 'nothing left running').toEqual([]);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 300_000);
});
