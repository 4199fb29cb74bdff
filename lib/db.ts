import 'server-only';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { env } from './env';

export type Db = InstanceType<typeof PrismaClient>;

type DbGlobals = { tidingsPool?: pg.Pool; tidingsDb?: Db; tidingsPoolSize?: number };
const globals = globalThis as typeof globalThis & DbGlobals;

/** Sets the pool size before first use (the worker needs more connections than the web app). */
export function configureDbPool(size: number): void {
  globals.tidingsPoolSize = size;
}

/** The one pg pool of this process, shared by Prisma and the hot paths that use SQL directly. */
export function pool(): pg.Pool {
  if (!globals.tidingsPool) {
    const connectionString = env().DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: start Tidings with `npm start`');
    globals.tidingsPool = new pg.Pool({
      connectionString,
      max: globals.tidingsPoolSize ?? 10,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection (a database restart) must not crash the process.
    globals.tidingsPool.on('error', () => undefined);
    // pg-pool listens for errors on idle clients only. A connection that dies while checked
    // out (a restart mid-transaction) emits 'error' on its client, and unheard that is an
    // uncaught exception that kills the worker or the web process. The query in progress
    // rejects with the same error, and the pool discards the broken client on release.
    globals.tidingsPool.on('connect', (client) => client.on('error', () => undefined));
  }
  return globals.tidingsPool;
}

function createClient(): Db {
  return new PrismaClient({ adapter: new PrismaPg(pool()) });
}

/** The Prisma client singleton, created on first use so tests can pick their database first. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    globals.tidingsDb ??= createClient();
    const value = Reflect.get(globals.tidingsDb, property);
    return typeof value === 'function' ? value.bind(globals.tidingsDb) : value;
  },
});

export async function closeDb(): Promise<void> {
  const client = globals.tidingsDb;
  const activePool = globals.tidingsPool;
  globals.tidingsDb = undefined;
  globals.tidingsPool = undefined;
  await client?.$disconnect();
  await activePool?.end();
}
