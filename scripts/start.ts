// `npm start`: the whole product on one machine. Embedded PostgreSQL (unless
// DATABASE_URL is set), migrations, demo data, a production build when the sources
// changed, then the web server (scripts/web-server.ts, Next behind our own node:http
// server) and the worker. Ctrl-C stops all of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { computeSourceHash, isBuildCurrent, recordBuild } from './support/build-stamp';
import { launcherChildEnv } from '../lib/env';
import { prepareEnvironment } from './support/local-environment';
import { runMigrations } from './support/migrate';
import { webCommand } from './support/web-command';
import { workerCommand } from './support/worker-command';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const STOP_TIMEOUT_MS = 20_000;

function say(line: string): void {
  console.log(`[tidings] ${line}`);
}

async function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}`);
}

/** Children get their own process group so stopping one stops everything it spawned. */
function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', detached: true });
  child.on('error', (error) => say(`${name} could not start: ${error.message}`));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const environment = await prepareEnvironment();
  const { env } = environment;
  say(env.localDemo ? `embedded PostgreSQL ready (data in ${path.resolve(env.TIDINGS_DATA_DIR)})` : 'using DATABASE_URL');

  const applied = await runMigrations(environment.databaseUrl);
  const { installQueues } = await import('../lib/jobs/boss');
  await installQueues(environment.databaseUrl);
  say(applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  // Custom header values stored in plain text before they were secrets are sealed now.
  const { sealLegacyCustomHeaders } = await import('../lib/webhooks/seal-legacy-custom-headers');
  const sealed = await sealLegacyCustomHeaders();
  if (sealed > 0) say(`encrypted the custom header values of ${sealed} webhook(s)`);

  const baseUrl = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const { seedDemoData } = await import('../lib/demo/seed-demo-data');
  const { closeDb } = await import('../lib/db');
  const seed = await seedDemoData({ adminEmail: env.TIDINGS_ADMIN_EMAIL, adminPassword: env.TIDINGS_ADMIN_PASSWORD, baseUrl });
  await closeDb();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...environment.childEnv,
    // Demo openness as decided here (web and worker run with NODE_ENV=production), and HOST.
    ...launcherChildEnv(env),
    NEXTAUTH_URL: baseUrl,
    PORT: String(env.PORT),
  };

  if (!(await isBuildCurrent(root))) {
    say('building the web app (first start or changed sources)…');
    const sourceHash = await computeSourceHash(root);
    await runToCompletion(bin('next'), ['build'], { ...childEnv, NODE_ENV: 'production' });
    await recordBuild(root, sourceHash);
  }

  const webCli = webCommand(root);
  const web = startChild('web', webCli.command, webCli.args, { ...childEnv, NODE_ENV: 'production', TIDINGS_PROCESS_NAME: 'web' });
  const workerCli = workerCommand(root);
  const worker = startChild('worker', workerCli.command, workerCli.args, { ...childEnv, NODE_ENV: 'production', TIDINGS_PROCESS_NAME: 'worker' });

  // A low, steady stream of realistic events so the console has something to show.
  const simulator = env.TIDINGS_DEMO_TRAFFIC
    ? startChild('simulator', bin('tsx'), ['--conditions=react-server', 'scripts/cli.ts', 'simulate', '--org', 'demo', '--rate', '0.5', '--for', String(365 * 86_400)], childEnv)
    : null;

  say(`Tidings is running at ${baseUrl}`);
  if (seed.seeded) {
    say(`sign in as ${seed.adminEmail}`);
    if (seed.generatedPassword) say(`password (shown once, store it): ${seed.generatedPassword}`);
    else say('password: the TIDINGS_ADMIN_PASSWORD you set');
  } else {
    say('sign in with your existing account');
  }
  say('press Ctrl-C to stop');

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${reason})…`);
    await Promise.all([stopChild(web), stopChild(worker), ...(simulator ? [stopChild(simulator)] : [])]);
    if (environment.ownsDatabase) await environment.stopDatabase();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  web.on('exit', (code) => void shutdown(`web exited with ${code}`, 1));
  worker.on('exit', (code) => void shutdown(`worker exited with ${code}`, 1));
}

main().catch((error: unknown) => {
  console.error(`[tidings] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
