// `npm run bench`: measures SPEC §10 figures on this machine, in one run, against its
// own embedded PostgreSQL, worker process and loopback receiver.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Pool } from 'undici';
import { startEmbeddedDatabase } from '../scripts/support/embedded-database';
import { runMigrations } from '../scripts/support/migrate';
import { findFreePort } from '../tests/support/global-setup';

const root = path.resolve(import.meta.dirname, '..');
const BACKLOG_EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const FAN_OUT = 10;
const LATENCY_RATE = 100;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const RAW_SECONDS = 5;

type Receiver = { child: ChildProcess; port: number; ask: <T>(kind: string) => Promise<T> };

async function startReceiver(): Promise<Receiver> {
  const child = fork(path.join(root, 'bench/receiver.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  const ask = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { kind: string } & T) => {
        if (message.kind === kind) {
          child.off('message', onMessage);
          resolve(message);
        }
      };
      child.on('message', onMessage);
      child.send({ kind });
    });
  return { child, port: ready.port, ask };
}

/** Resident memory of the worker: the node process under the tsx launcher (the largest of the tree). */
async function workerRssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const rssOf = async (id: number): Promise<number> => {
    try {
      const status = await readFile(`/proc/${id}/status`, 'utf8');
      const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      const children = (await readFile(`/proc/${id}/task/${id}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean).map(Number);
      const largestChild = Math.max(0, ...(await Promise.all(children.map(rssOf))));
      return Math.max(own, largestChild);
    } catch {
      return 0; // not on Linux: no memory figure
    }
  };
  return rssOf(pid);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'worker/index.ts'], {
    cwd: root,
    // Info level only for the "worker ready" line; the worker logs nothing per delivery.
    env: { ...env, TIDINGS_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

async function main(): Promise<void> {
  const directory = path.join(os.tmpdir(), `tidings-bench-${process.pid}`);
  await rm(directory, { recursive: true, force: true });
  const port = await findFreePort();
  console.log('starting embedded PostgreSQL (default durability: fsync and synchronous_commit on)…');
  const database = await startEmbeddedDatabase({ directory: path.join(directory, 'pg'), port, password: 'bench' });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    TIDINGS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    TIDINGS_ALLOW_HTTP: '1',
    TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8',
    TIDINGS_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  Object.assign(process.env, env);
  await runMigrations(database.url);
  const { installQueues } = await import('../lib/jobs/boss');
  await installQueues(database.url);
  const { db, closeDb, pool } = await import('../lib/db');
  const { createId } = await import('../lib/ids');
  const { createWebhook } = await import('../lib/webhooks/create-webhook');
  const { emitEvent } = await import('../lib/events/emit');
  const { signStandardWebhook, generateWebhookSecret } = await import('../lib/signing/standard-webhooks');

  const receiver = await startReceiver();
  const receiverUrl = `http://127.0.0.1:${receiver.port}/hook`;

  // 1. The raw ceiling: signed POSTs straight to the same receiver, same concurrency, no database.
  console.log(`raw signed POST ceiling (${RAW_SECONDS} s)…`);
  const raw = new Pool(`http://127.0.0.1:${receiver.port}`, { connections: 64 });
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'donation.created', data: { donation: { id: 1, amount_in_cents: 2500 } } });
  let rawCount = 0;
  const rawDeadline = Date.now() + RAW_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      while (Date.now() < rawDeadline) {
        const id = `msg_${rawCount}`;
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await raw.request({
          path: '/raw',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook({ secrets: [secret], id, timestamp, body }) },
          body,
        });
        await response.body.dump();
        rawCount += 1;
      }
    }),
  );
  await raw.close();
  const rawPerSecond = rawCount / RAW_SECONDS;
  await receiver.ask('reset');

  // 2. Sustained durable deliveries: a backlog of events fanned out to webhooks, drained by one worker.
  const organizationId = createId('org');
  await db.organization.create({ data: { id: organizationId, slug: 'bench', name: 'Bench' } });
  for (let i = 0; i < FAN_OUT; i += 1) {
    await createWebhook({ organizationId, data: { url: `${receiverUrl}?w=${i}`, events: ['donation.created'] } });
  }
  console.log(`queueing ${BACKLOG_EVENTS} events × ${FAN_OUT} webhooks…`);
  const emitStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < BACKLOG_EVENTS) {
        next += 1;
        await emitEvent({ organizationId, type: 'donation.created', data: { donation: { id: next, amount_in_cents: 2500 } } });
      }
    }),
  );
  const emitSeconds = (performance.now() - emitStarted) / 1000;
  const totalDeliveries = BACKLOG_EVENTS * FAN_OUT;
  console.log(`draining ${totalDeliveries} deliveries…`);
  const worker = await startWorkerProcess(env);
  const drainStarted = performance.now();
  let peakRssMb = 0;
  for (;;) {
    const { rows } = await pool().query<{ done: number }>(`select count(*)::int as done from "Delivery" where "organizationId" = $1 and status = 'SUCCEEDED'`, [organizationId]);
    peakRssMb = Math.max(peakRssMb, await workerRssMb(worker.pid!));
    if (rows[0].done >= totalDeliveries) break;
    if (performance.now() - drainStarted > 600_000) throw new Error(`only ${rows[0].done} of ${totalDeliveries} delivered in 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const { rows: attemptRows } = await pool().query<{ attempts: number }>(
    `select count(*)::int as attempts from "Attempt" a join "Delivery" d on d.id = a."deliveryId" where d."organizationId" = $1`,
    [organizationId],
  );
  const deliveredPerSecond = totalDeliveries / drainSeconds;

  // 3. Latency: emit → received at a steady 100 events/s to one webhook.
  await receiver.ask('reset');
  const latencyOrg = createId('org');
  await db.organization.create({ data: { id: latencyOrg, slug: 'bench-latency', name: 'Bench latency' } });
  await createWebhook({ organizationId: latencyOrg, data: { url: `${receiverUrl}?latency`, events: ['person.created'] } });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await receiver.ask('reset');
  console.log(`latency at ${LATENCY_RATE} events/s for ${LATENCY_SECONDS} s…`);
  const emittedAt = new Map<string, number>();
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / LATENCY_RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    inFlight.push(
      emitEvent({ organizationId: latencyOrg, type: 'person.created', data: { signup: { id: i } } }).then((result) => {
        emittedAt.set(result.deliveries[0].id, at);
      }),
    );
  }
  await Promise.all(inFlight);
  const deadline = Date.now() + 30_000;
  while ((await receiver.ask<{ count: number }>('count')).count < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { arrivals } = await receiver.ask<{ arrivals: [string, number][] }>('dump');
  const latencies = arrivals
    .filter(([id]) => emittedAt.has(id))
    .map(([id, at]) => at - emittedAt.get(id)!)
    .sort((a, b) => a - b);

  worker.kill('SIGTERM');
  await once(worker, 'exit');
  receiver.child.kill();
  await closeDb();
  await database.stop();
  await rm(directory, { recursive: true, force: true });

  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    date: new Date().toISOString(),
    rawSignedPostsPerSecond: Math.round(rawPerSecond),
    backlog: { events: BACKLOG_EVENTS, fanOut: FAN_OUT, deliveries: totalDeliveries, attempts: attemptRows[0].attempts, emitSeconds: Number(emitSeconds.toFixed(2)), drainSeconds: Number(drainSeconds.toFixed(2)) },
    deliveriesPerSecond: Math.round(deliveredPerSecond),
    shareOfRaw: Number((deliveredPerSecond / rawPerSecond).toFixed(3)),
    latency: { rate: LATENCY_RATE, seconds: LATENCY_SECONDS, received: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) },
    workerPeakRssMb: Math.round(peakRssMb),
  };
  const rows: [string, string, string][] = [
    ['sustained signed deliveries, durable, each attempt logged', `${results.deliveriesPerSecond} /s`, '≥ 2,000 /s'],
    ['share of raw signed POST throughput (same receiver, same run)', `${(results.shareOfRaw * 100).toFixed(1)} % of ${results.rawSignedPostsPerSecond} /s`, '≥ 30 %'],
    [`emit → received latency at ${LATENCY_RATE} events/s`, `p50 ${results.latency.p50Ms} ms, p99 ${results.latency.p99Ms} ms`, 'p50 ≤ 15 ms, p99 ≤ 100 ms'],
    ['worker resident memory, peak under load', `${results.workerPeakRssMb} MB`, '≤ 250 MB'],
  ];
  console.log('\n| figure | measured | target |\n|---|---|---|');
  for (const [figure, measured, target] of rows) console.log(`| ${figure} | ${measured} | ${target} |`);
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to bench/results/latest.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
