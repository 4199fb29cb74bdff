// `npm start`: the whole product on one machine. Embedded PostgreSQL (unless
// DATABASE_URL is set), migrations, demo data, a production build when the sources
// changed, then the web server (scripts/web-server.ts, Next behind our own node:http
// server) and the worker, each restarted when it dies (scripts/support/supervisor.ts).
// Ctrl-C stops all of it, PostgreSQL last. Run as `node --import tsx` (package.json), not
// by the `tsx` command: its relay process SIGKILLs the script when two SIGINTs arrive at
// once (the terminal's and npm's), which cut the stop short.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { computeSourceHash, isBuildCurrent, recordBuild } from './support/build-stamp';
import { launcherChildEnv } from '../lib/env';
import { prepareEnvironment } from './support/local-environment';
import { Supervisor } from './support/supervisor';
import { runMigrations } from './support/migrate';
import { webCommand } from './support/web-command';
import { workerCommand } from './support/worker-command';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function say(line: string): void {
  console.log(`[tidings] ${line}`);
}

async function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}`);
}

/** Children get their own process group: a Ctrl-C in the terminal reaches the launcher only, which stops them in order. */
function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', detached: true });
  child.on('error', (error) => say(`${name} could not start: ${error.message}`));
  return child;
}

/** Waits until the server has no client session but this one, or `timeoutMs` passed. */
async function waitForNoSessions(databaseUrl: string, timeoutMs: number): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'tidings-launcher' });
  try {
    await client.connect();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ count: number }>(
        `select count(*)::int as count from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`,
      );
      if (rows[0].count === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch {
    // The server is not answering: nothing to wait for.
  } finally {
    await client.end().catch(() => undefined);
  }
}

let stopping = false;
/** Cuts the demo history short when a stop is asked for during the first start. */
const stopRequested = new AbortController();

async function main(): Promise<void> {
  // Ctrl-C (or SIGTERM) at any point stops what has been started so far, in order: no new
  // requests (the web server closes its port and finishes what it is answering), the
  // worker finishes its in-flight deliveries and records them (or leaves them queued),
  // then PostgreSQL, which runs in a process group of its own and so never sees the
  // terminal's SIGINT itself.
  let environment: Awaited<ReturnType<typeof prepareEnvironment>> | null = null;
  let preparing: Promise<unknown> = Promise.resolve();
  const supervised: Supervisor[] = [];
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    stopRequested.abort();
    say(`stopping (${reason})…`);
    await Promise.all(supervised.map((child) => child.stop()));
    await preparing.catch(() => undefined);
    if (environment?.ownsDatabase) {
      // A process that just exited may still have a session ending on the server: PostgreSQL
      // stops once none is left (or after a few seconds), so nobody is cut off mid-query.
      await waitForNoSessions(environment.databaseUrl, 5_000);
      await environment.stopDatabase();
    }
    // The last line, written out before exiting (stdout may be a pipe, written asynchronously).
    process.stdout.write(`[tidings] ${code === 0 ? 'stopped' : `stopped: ${reason}`}\n`, () => process.exit(code));
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

  const prepared = prepareEnvironment();
  preparing = prepared;
  environment = await prepared;
  if (stopping) return;
  const { env } = environment;
  say(env.localDemo ? `embedded PostgreSQL ready (data in ${path.resolve(env.TIDINGS_DATA_DIR)})` : 'using DATABASE_URL');

  const baseUrl = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...environment.childEnv,
    // Demo openness as decided here (web and worker run with NODE_ENV=production), and HOST.
    ...launcherChildEnv(env),
    NEXTAUTH_URL: baseUrl,
    PORT: String(env.PORT),
    // The output of `npm start` is the product's own: no framework telemetry notice.
    NEXT_TELEMETRY_DISABLED: '1',
  };

  // The build (when the sources changed) needs no database: it runs while the database is
  // migrated and the demo seeded, so a first start waits for the longer of the two only.
  const build = (async () => {
    if (await isBuildCurrent(root)) return;
    say('building the web app (first start or changed sources)…');
    const sourceHash = await computeSourceHash(root);
    await runToCompletion(bin('next'), ['build'], { ...childEnv, NODE_ENV: 'production' });
    await recordBuild(root, sourceHash);
  })();
  const setUp = (async () => {
    const applied = await runMigrations(environment.databaseUrl);
    const { installQueues } = await import('../lib/queue/boss');
    await installQueues(environment.databaseUrl);
    say(applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
    // Custom header values stored in plain text before they were secrets are sealed now.
    const { sealLegacyCustomHeaders } = await import('../lib/webhooks/seal-legacy-custom-headers');
    const sealed = await sealLegacyCustomHeaders();
    if (sealed > 0) say(`encrypted the custom header values of ${sealed} webhook(s)`);
    const { seedDemoData } = await import('../lib/demo/seed-demo-data');
    const { closeDb } = await import('../lib/db');
    // The local demo's first start also records a week of deliveries, so the console shows
    // history at once (lib/demo/record-demo-history.ts).
    const seed = await seedDemoData({ adminEmail: env.TIDINGS_ADMIN_EMAIL, adminPassword: env.TIDINGS_ADMIN_PASSWORD, baseUrl, history: env.localDemo, signal: stopRequested.signal });
    if (seed.seeded && seed.history) {
      const { events, deliveries, attempts, durationMs } = seed.history;
      say(`recorded a week of demo history: ${events} events, ${deliveries} deliveries, ${attempts} attempts (${(durationMs / 1000).toFixed(1)} s)`);
    }
    await closeDb();
    return seed;
  })();
  preparing = Promise.allSettled([build, setUp]);
  // Both finish (or fail) before going on: a failed build leaves no seeding half done.
  await preparing;
  const seed = await setUp;
  await build;
  if (stopping) return;

  const giveUp = (reason: string) => void shutdown(reason, 1);
  const webCli = webCommand(root);
  const web = new Supervisor({
    name: 'web server',
    spawn: () => spawnChild('web', webCli.command, webCli.args, { ...childEnv, NODE_ENV: 'production', TIDINGS_PROCESS_NAME: 'web' }),
    say,
    onGiveUp: giveUp,
  });
  const workerCli = workerCommand(root);
  const worker = new Supervisor({
    name: 'worker',
    spawn: () => spawnChild('worker', workerCli.command, workerCli.args, { ...childEnv, NODE_ENV: 'production', TIDINGS_PROCESS_NAME: 'worker' }),
    say,
    onGiveUp: giveUp,
  });
  supervised.push(web, worker);
  web.start();
  worker.start();

  // A low, steady stream of realistic events so the console has something to show.
  if (env.TIDINGS_DEMO_TRAFFIC) {
    const simulator = new Supervisor({
      name: 'demo traffic',
      spawn: () =>
        spawnChild('demo traffic', bin('node'), ['--conditions=react-server', '--import', 'tsx', 'scripts/cli.ts', 'simulate', '--org', 'demo', '--rate', '0.5', '--for', String(365 * 86_400)], childEnv),
      say,
      onGiveUp: (reason) => say(`${reason}; the demo traffic stops, the rest keeps running`),
      // `simulate` stops on SIGINT: it finishes the event it is emitting and closes its connections.
      stopSignal: 'SIGINT',
    });
    supervised.unshift(simulator);
    simulator.start();
  }

  say(`Tidings is running at ${baseUrl}`);
  if (seed.seeded) {
    say(`sign in as ${seed.adminEmail}`);
    if (seed.generatedPassword) say(`password (shown once, store it): ${seed.generatedPassword}`);
    else say('password: the TIDINGS_ADMIN_PASSWORD you set');
  } else {
    say('sign in with your existing account');
  }
  say('press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  // A step cut short by Ctrl-C (the build gets the terminal's SIGINT too) is not a failure.
  if (stopping) return;
  console.error(`[tidings] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
