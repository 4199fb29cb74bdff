// Issue #8, "prove nothing is lost under faults": processes killed with SIGKILL and the
// database restarted under load (docs/delivery-semantics.md#durability and #at-least-once).
// Every test prints what it injected and what it checked.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db, pool } from '../../lib/db';
import { encryptSecret } from '../../lib/crypto/secret-box';
import { emitEvent } from '../../lib/events/emit';
import { createId } from '../../lib/ids';
import { generateWebhookSecret } from '../../lib/signing/standard-webhooks';
import { createWebhook } from '../../lib/webhooks/create-webhook';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../scripts/support/embedded-database';
import { findFreePort } from '../../scripts/support/free-port';
import { runMigrations } from '../../scripts/support/migrate';
import { createKey, createOrganization, createThousandDeliveries } from '../support/fixtures';
import { killHard, spawnScript, spawnWorker, stopAll, stopGracefully, waitForLine, waitUntil, type Child } from '../support/processes';
import { withReceiverAndProcesses } from '../support/processes-and-receiver';

const receiver = withReceiverAndProcesses();

/** Webhook ids (deliveries) the receiver got on `path`, with how often each came. */
function receivedCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of receiver.on(path)) {
    const id = String(request.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function countByStatus(where: { organizationId: string }): Promise<string> {
  const groups = await db.delivery.groupBy({ by: ['status'], where, _count: true });
  return groups.map((group) => `${group.status}=${group._count}`).join(' ') || 'no deliveries';
}

/** The worker's JSON log lines, counted by message: how it went through the fault. */
function summarizeLog(output: string): string {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    try {
      const { msg } = JSON.parse(line) as { msg?: string };
      if (msg) counts.set(msg, (counts.get(msg) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return [...counts].map(([msg, count]) => `"${msg}" ×${count}`).join(', ') || 'nothing';
}

function alive(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

const WEB_APPLICATION_NAME = 'tidings-fault-web';

// Deliveries of an organization that have no pg-boss job: each would be lost.
const DELIVERIES_WITHOUT_JOB = `
  select count(*)::int as missing from "Delivery" d
  where d."organizationId" = $1
    and not exists (select 1 from pgboss.job j where j.name = 'deliveries' and j.data->>'deliveryId' = d.id)`;

describe('worker killed', () => {
  it('a worker killed mid-delivery loses nothing: every delivery arrives after a restart', async () => {
    const organization = await createOrganization();
    let hang = true;
    receiver.reply('/crash', () => (hang ? { hang: true } : { status: 200 }));
    await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/crash'), events: ['*'], timeoutSeconds: 30 } });
    const eventIds: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      eventIds.push((await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: i } } })).eventId);
    }

    const first = spawnWorker();
    await receiver.waitFor(() => receiver.on('/crash').length >= 10, 90_000);
    await killHard(first);
    await waitUntil(() => receiver.openConnections === 0, 15_000, "the killed worker's connections to close");
    const hangingAtKill = receivedCounts('/crash').size;
    console.log(`injected: SIGKILL of the worker (pid ${first.pid}) with ${hangingAtKill} requests hanging at the receiver (never answered)`);

    hang = false;
    const second = spawnWorker();
    await waitUntil(
      async () => (await db.delivery.count({ where: { eventId: { in: eventIds }, status: 'SUCCEEDED' } })) === 30,
      120_000,
      'all 30 deliveries to succeed after the restart',
      () => countByStatus({ organizationId: organization.id }),
    );
    expect((await stopGracefully(second)).code).toBe(0);

    const ids = receivedCounts('/crash');
    const twice = [...ids.values()].filter((count) => count > 1).length;
    console.log(`checked: 30/30 SUCCEEDED, ${receiver.on('/crash').length} requests for ${ids.size} deliveries: ${twice} sent twice, of ${hangingAtKill} hanging at the kill`);
    const deliveries = await db.delivery.findMany({ where: { eventId: { in: eventIds } }, select: { id: true } });
    for (const delivery of deliveries) expect(ids.has(delivery.id)).toBe(true);
    expect(twice).toBeLessThanOrEqual(hangingAtKill);
  }, 200_000);

  it('SIGKILL during a batch of 1,000 deliveries: all succeed after a restart, duplicates only of what was in flight', async () => {
    // Slow enough answers that the kill always finds requests in flight.
    receiver.reply('/batch', () => ({ status: 200, delayMs: 200 }));
    const { organization, deliveryIds } = await createThousandDeliveries(receiver.url('/batch'));
    expect(deliveryIds).toHaveLength(1_000);

    const first = spawnWorker();
    await receiver.waitFor(() => receivedCounts('/batch').size >= 300, 90_000);
    await killHard(first);
    // Bytes the dead worker had already written may still reach the receiver: wait until
    // every one of its connections is closed before taking stock.
    await waitUntil(() => receiver.openConnections === 0, 15_000, 'the killed worker\'s connections to close');
    const receivedAtKill = new Set(receivedCounts('/batch').keys());
    const succeededAtKill = new Set(
      (await db.delivery.findMany({ where: { organizationId: organization.id, status: 'SUCCEEDED' }, select: { id: true } })).map((row) => row.id),
    );
    // Sent and received, but the result not yet committed: these are the ones that may come twice.
    const inFlight = new Set([...receivedAtKill].filter((id) => !succeededAtKill.has(id)));
    console.log(
      `injected: SIGKILL of the worker (pid ${first.pid}) mid-batch: ${receivedAtKill.size} of 1000 received, ` +
        `${succeededAtKill.size} recorded SUCCEEDED, ${inFlight.size} received but not recorded (in flight)`,
    );
    expect(inFlight.size, 'the kill landed mid-batch').toBeGreaterThan(0);
    expect([...succeededAtKill].every((id) => receivedAtKill.has(id)), 'nothing is SUCCEEDED that was not received').toBe(true);

    const restartedAt = Date.now();
    const second = spawnWorker();
    await waitUntil(
      async () => (await db.delivery.count({ where: { organizationId: organization.id, status: 'SUCCEEDED' } })) === 1_000,
      120_000,
      'all 1,000 deliveries to succeed after the restart',
      () => countByStatus({ organizationId: organization.id }),
    );
    const recoverySeconds = (Date.now() - restartedAt) / 1000;
    expect((await stopGracefully(second)).code).toBe(0);

    const counts = receivedCounts('/batch');
    const missing = deliveryIds.filter((id) => !counts.has(id));
    const duplicated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
    const extraRequests = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
    console.log(
      `checked: 1000/1000 SUCCEEDED ${recoverySeconds.toFixed(1)} s after the restart, ${missing.length} never received, ` +
        `${duplicated.length} delivered twice (${extraRequests} extra requests) of ${inFlight.size} in flight at the kill, ` +
        `${duplicated.filter((id) => !inFlight.has(id)).length} duplicates outside that set`,
    );
    expect(missing).toEqual([]);
    expect(duplicated.filter((id) => !inFlight.has(id)), 'only in-flight deliveries are sent again').toEqual([]);
    expect(duplicated.length).toBeLessThanOrEqual(inFlight.size);
    expect(extraRequests).toBeLessThanOrEqual(inFlight.size);
  }, 200_000);
});

describe('ingestion killed', () => {
  it('ingestion killed mid-stream leaves no event without its deliveries and jobs', async () => {
    const organization = await createOrganization();
    for (let i = 0; i < 3; i += 1) {
      await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/ingest'), events: ['*'], status: 'PAUSED' } });
    }
    await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { status: 'ACTIVE' } });
    const emitter = spawnScript('emitter', 'tests/support/emit-forever.ts', [organization.id]);
    await waitUntil(async () => (await db.event.count({ where: { organizationId: organization.id } })) >= 50, 60_000, 'events to be emitted', () =>
      emitter.output(),
    );
    await killHard(emitter);

    const events = await db.event.findMany({ where: { organizationId: organization.id }, select: { id: true, _count: { select: { deliveries: true } } } });
    console.log(`injected: SIGKILL of an emitting process (in-process emitEvent) after ${events.length} events`);
    expect(events.every((event) => event._count.deliveries === 3)).toBe(true);
    const { rows } = await pool().query<{ missing: number }>(DELIVERIES_WITHOUT_JOB, [organization.id]);
    console.log(`checked: ${events.length} events with 3 deliveries each, ${rows[0].missing} deliveries without a queued job`);
    expect(rows[0].missing).toBe(0);
    // Later tests run workers against this database: these webhooks stay out of their way.
    await db.webhook.updateMany({ where: { organizationId: organization.id }, data: { status: 'PAUSED' } });
  }, 120_000);

  it('the web process killed while accepting events over HTTP: every 202 has its event, deliveries and jobs; retries with the same Idempotency-Key add no duplicate; all delivered', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['events:write']);
    receiver.reply('/web', () => ({ status: 200 }));
    for (let i = 0; i < 3; i += 1) {
      await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/web'), events: ['*'] } });
    }
    type Sent = { idempotencyKey: string; body: string };
    const postEvent = (port: number, sent: Sent) =>
      fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': sent.idempotencyKey },
        body: sent.body,
      });
    const startWeb = async () => {
      // Named, so that the test can see when the dead process's sessions are gone.
      const web = spawnScript('web', 'tests/support/serve-events-api.ts', [], { PGAPPNAME: WEB_APPLICATION_NAME });
      const { port } = JSON.parse(await waitForLine(web, /"port"/, 90_000)) as { port: number };
      return { web, port };
    };

    const first = await startWeb();
    const accepted: string[] = [];
    const unexpected: string[] = [];
    const cutOff: Sent[] = [];
    let killed = false;
    const post = async (loop: number) => {
      for (let i = 0; !killed; i += 1) {
        const sent = { idempotencyKey: `web-${loop}-${i}`, body: JSON.stringify({ type: 'person.created', data: { signup: { id: loop * 100_000 + i } } }) };
        try {
          const response = await postEvent(first.port, sent);
          const body = (await response.json()) as { eventId?: string; deliveries?: number };
          if (response.status === 202 && body.eventId && body.deliveries === 3) accepted.push(body.eventId);
          else unexpected.push(`${response.status} ${JSON.stringify(body)}`);
        } catch {
          // The server died with this request in flight: its outcome is unknown to the client.
          cutOff.push(sent);
          return;
        }
      }
    };
    const posting = Promise.all(Array.from({ length: 8 }, (_, loop) => post(loop)));
    await waitUntil(() => accepted.length >= 150 || unexpected.length > 0, 60_000, '150 events answered 202', () => first.web.output());
    killed = true;
    await killHard(first.web);
    await posting;
    // A COMMIT the dead process had already sent may still land: take stock once its sessions are gone.
    await waitUntil(
      async () =>
        (await pool().query<{ count: number }>(`select count(*)::int as count from pg_stat_activity where application_name = $1`, [WEB_APPLICATION_NAME])).rows[0]
          .count === 0,
      30_000,
      "the killed web process's database sessions to end",
    );
    console.log(
      `injected: SIGKILL of the web process (pid ${first.web.pid}) serving POST /api/v1/events to 8 concurrent clients, ` +
        `after ${accepted.length} answered 202; ${cutOff.length} requests cut off without an answer`,
    );
    expect(unexpected, 'every answer before the kill was a 202').toEqual([]);

    const storedEvents = async () =>
      db.event.findMany({ where: { organizationId: organization.id }, select: { id: true, deliveries: { select: { id: true } } } });
    const events = await storedEvents();
    const stored = new Set(events.map((event) => event.id));
    const missingEvents = accepted.filter((id) => !stored.has(id));
    const incomplete = events.filter((event) => event.deliveries.length !== 3).map((event) => event.id);
    const { rows } = await pool().query<{ missing: number }>(DELIVERIES_WITHOUT_JOB, [organization.id]);
    const committedButCutOff = events.length - accepted.length;
    console.log(
      `checked: ${accepted.length - missingEvents.length}/${accepted.length} accepted events stored, ${incomplete.length} events without 3 deliveries, ` +
        `${rows[0].missing} deliveries without a job; ${committedButCutOff} of the ${cutOff.length} cut-off requests had committed`,
    );
    expect(missingEvents).toEqual([]);
    expect(incomplete).toEqual([]);
    expect(rows[0].missing).toBe(0);

    // The client retries what it got no answer for, with the same key, against a new web process.
    const second = await startWeb();
    const retried = await Promise.all(cutOff.map(async (sent) => {
      const response = await postEvent(second.port, sent);
      return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: await response.text() };
    }));
    await stopGracefully(second.web);
    const afterRetries = await storedEvents();
    const replayed = retried.filter((answer) => answer.replayed).length;
    console.log(
      `checked: ${cutOff.length} cut-off requests retried with their Idempotency-Key: ${retried.filter((answer) => answer.status === 202).length} answered 202 ` +
        `(${replayed} replayed), ${afterRetries.length} events stored for ${accepted.length + cutOff.length} requests`,
    );
    expect(retried.filter((answer) => answer.status !== 202), 'every retry is accepted').toEqual([]);
    expect(replayed, 'exactly the committed ones are replayed').toBe(committedButCutOff);
    expect(afterRetries).toHaveLength(accepted.length + cutOff.length);

    const worker = spawnWorker();
    const deliveryIds = afterRetries.flatMap((event) => event.deliveries.map((delivery) => delivery.id));
    await waitUntil(
      async () => (await db.delivery.count({ where: { organizationId: organization.id, status: 'SUCCEEDED' } })) === deliveryIds.length,
      90_000,
      `all ${deliveryIds.length} deliveries to succeed`,
      () => countByStatus({ organizationId: organization.id }),
    );
    expect((await stopGracefully(worker)).code).toBe(0);
    const counts = receivedCounts('/web');
    const neverReceived = deliveryIds.filter((id) => !counts.has(id));
    console.log(`checked: ${deliveryIds.length}/${deliveryIds.length} deliveries SUCCEEDED after a worker ran, ${neverReceived.length} never received`);
    expect(neverReceived).toEqual([]);
  }, 200_000);
});

describe('database restarted', () => {
  let database: EmbeddedDatabase | undefined;
  let directory: string | undefined;

  afterAll(async () => {
    await stopAll();
    await database?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('a pooled connection killed while checked out does not crash the process', async () => {
    // Between the statements of a transaction a client is checked out, and pg-pool no longer
    // listens for its errors: a restart at that moment used to be an uncaught exception.
    const client = await pool().connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const ended = new Promise((resolve, reject) => {
      client.once('end', resolve);
      setTimeout(() => reject(new Error('the terminated client never ended')), 15_000).unref();
    });
    await pool().query('select pg_terminate_backend($1)', [rows[0].pid]);
    await ended;
    client.release();
    const { rows: after } = await pool().query<{ ok: number }>('select 1 as ok');
    console.log(`injected: pg_terminate_backend of a checked-out pooled connection (backend ${rows[0].pid})`);
    console.log(`checked: the process survived, the pool discarded the dead client and answers again (${after[0].ok})`);
    expect(after[0].ok).toBe(1);
  });

  it('PostgreSQL stopped and started under load: every accepted event is delivered, the worker recovers by itself', async () => {
    // A cluster of its own: the shared test cluster serves other files in parallel.
    const port = await findFreePort();
    directory = path.join(os.tmpdir(), `tidings-faults-pg-${process.pid}-${port}`);
    await rm(directory, { recursive: true, force: true });
    const password = randomBytes(12).toString('hex');
    const start = () => startEmbeddedDatabase({ directory: path.join(directory!, 'pg'), port, password, database: 'tidings' });
    database = await start();
    const url = database.url;
    await runMigrations(url);
    const { installQueues } = await import('../../lib/queue/boss');
    await installQueues(url);

    const organizationId = createId('org');
    // The test's own connections to that cluster; a pool outlives the restart (dead idle clients are dropped).
    const own = new pg.Pool({ connectionString: url, max: 2 });
    own.on('error', () => undefined);
    const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await own.query<T>(text, values)).rows;
    // The delivery worker's own LISTEN session (pg-boss's sessions carry its application_name).
    const workerListeners = async () =>
      (
        await query<{ count: number }>(
          `select count(*)::int as count from pg_stat_activity
           where datname = 'tidings' and query ilike 'LISTEN%' and application_name <> 'tidings-worker'`,
        )
      )[0].count;
    const statuses = () =>
      query<{ status: string; count: number }>(
        `select status, count(*)::int as count from "Delivery" where "organizationId" = $1 group by status order by status`,
        [organizationId],
      );

    try {
      await query(`insert into "Organization" (id, slug, name, "updatedAt") values ($1, $2, $2, now())`, [organizationId, `restart-${organizationId.slice(-6)}`]);
      receiver.reply('/restart', () => ({ status: 200 }));
      for (let i = 0; i < 3; i += 1) {
        await query(
          `insert into "Webhook" (id, "organizationId", name, url, events, "secretEncrypted", "timeoutSeconds", "updatedAt")
           values ($1, $2, $3, $4, array['*'], $5, 10, now())`,
          [createId('wh'), organizationId, `restart ${i}`, receiver.url('/restart'), encryptSecret(generateWebhookSecret())],
        );
      }

      const worker = spawnWorker({ DATABASE_URL: url });
      // 600 events at about 40 a second: the restart lands in the middle.
      const emitter = spawnScript('emitter', 'tests/support/emit-reporting.ts', [organizationId, '600', '40'], { DATABASE_URL: url });
      const acceptedIds = () => emitter.lines.filter((line) => line.startsWith('accepted ')).map((line) => line.slice('accepted '.length));
      const failures = () => emitter.lines.filter((line) => line.startsWith('failed ')).length;

      await waitUntil(
        () => acceptedIds().length >= 150 && receiver.on('/restart').length >= 100,
        90_000,
        '150 events accepted and 100 delivered before the restart',
        () => `${acceptedIds().length} accepted, ${receiver.on('/restart').length} received; emitter: ${emitter.output().slice(-500)}`,
      );
      const listenersBefore = await workerListeners();
      const acceptedBefore = acceptedIds().length;
      const receivedBefore = receiver.on('/restart').length;
      await database.stop();
      const stoppedAt = Date.now();
      const failuresBefore = failures();
      await waitUntil(() => failures() >= failuresBefore + 5, 30_000, 'the emitter to see the database down', () => emitter.output().slice(-3000));
      // The outage lasts long enough that the worker's reconnect attempts (LISTEN after 1 s) meet a dead server too.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      database = await start();
      const restartedAt = Date.now();
      console.log(
        `injected: PostgreSQL (own cluster, port ${port}) stopped (fast shutdown) after ${acceptedBefore} events accepted and ` +
          `${receivedBefore} requests received, down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s (the emitter saw ${failures() - failuresBefore} failures), ` +
          'then started again on the same data directory',
      );

      await waitForLine(emitter, /^done$/, 120_000);
      const accepted = acceptedIds();
      await waitUntil(
        async () => {
          const rows = await statuses();
          return rows.length === 1 && rows[0].status === 'SUCCEEDED' && rows[0].count >= accepted.length * 3;
        },
        120_000,
        'every delivery to succeed after the restart',
        async () => `${JSON.stringify(await statuses())}; worker alive: ${alive(worker)}; worker output: ${worker.output().slice(-1500)}`,
      );
      const recoverySeconds = ((Date.now() - restartedAt) / 1000).toFixed(1);
      const events = await query<{ id: string; succeeded: number }>(
        `select e.id, count(d.id) filter (where d.status = 'SUCCEEDED')::int as succeeded
         from "Event" e left join "Delivery" d on d."eventId" = e.id where e."organizationId" = $1 group by e.id`,
        [organizationId],
      );
      const byId = new Map(events.map((event) => [event.id, event]));
      const lostEvents = accepted.filter((id) => !byId.has(id));
      const undelivered = accepted.filter((id) => byId.get(id)?.succeeded !== 3);
      const unknownOutcome = events.length - accepted.filter((id) => byId.has(id)).length;
      const counts = receivedCounts('/restart');
      const deliveries = await query<{ id: string }>(`select id from "Delivery" where "organizationId" = $1`, [organizationId]);
      const neverReceived = deliveries.filter((delivery) => !counts.has(delivery.id)).length;
      console.log(
        `checked: ${accepted.length} events accepted (${failures()} emits failed during the outage, ${unknownOutcome} of them committed anyway), ` +
          `${lostEvents.length} accepted events missing, ${undelivered.length} without 3 SUCCEEDED deliveries, ` +
          `${deliveries.length} deliveries, ${neverReceived} never received, ${[...counts.values()].filter((count) => count > 1).length} received twice; ` +
          `all delivered within ${recoverySeconds} s of the database coming back; the worker logged: ${summarizeLog(worker.output())}`,
      );
      expect(lostEvents).toEqual([]);
      expect(undelivered).toEqual([]);
      expect(neverReceived).toBe(0);
      expect(alive(worker), 'the worker survived the restart').toBe(true);

      // NOTIFY only makes delivery faster, but a worker that silently stays on polling
      // after a restart has not recovered: its LISTEN session must come back, once.
      let listenersAfter = 0;
      await waitUntil(
        async () => {
          listenersAfter = await workerListeners();
          return listenersAfter >= 1;
        },
        20_000,
        'the worker to LISTEN again',
      ).catch(() => undefined);
      const gaveUp = worker.output().includes('could not LISTEN; polling only');
      console.log(
        `checked: the worker's LISTEN sessions: ${listenersBefore} before the restart, ${listenersAfter} after` +
          (gaveUp ? ' (it logged "could not LISTEN; polling only" and did not try again)' : ''),
      );
      expect(listenersBefore).toBe(1);
      expect(listenersAfter, 'the worker re-established its LISTEN session').toBe(1);
      expect((await stopGracefully(worker)).code).toBe(0);
    } finally {
      await own.end();
    }
  }, 300_000);
});
