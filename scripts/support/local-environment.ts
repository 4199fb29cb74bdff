import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvError, parseEnv, resetEnvCache, type Env } from '../../lib/env';
import { startEmbeddedDatabase } from './embedded-database';

type LocalSecrets = { nextauthSecret: string; encryptionKey: string; databasePassword: string };

/** Generated once per data directory and reused, so sessions and encrypted secrets survive restarts. */
async function loadLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    nextauthSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('hex'),
    databasePassword: randomBytes(18).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export type PreparedEnvironment = {
  env: Env;
  databaseUrl: string;
  /** Variables the child processes (web, worker) must see. */
  childEnv: Record<string, string>;
  /** True when this process started the embedded database (and so must stop it). */
  ownsDatabase: boolean;
  stopDatabase: () => Promise<void>;
};

export function readEnvOrExit(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Resolves the database the way `npm start` and the CLI both do: DATABASE_URL when
 * set, else the embedded PostgreSQL of TIDINGS_DATA_DIR (started here unless another
 * process already runs it), with the local demo's generated secrets.
 */
export async function prepareEnvironment(): Promise<PreparedEnvironment> {
  const initial = readEnvOrExit();
  if (!initial.localDemo && initial.DATABASE_URL) {
    return {
      env: initial,
      databaseUrl: initial.DATABASE_URL,
      childEnv: {},
      ownsDatabase: false,
      stopDatabase: async () => undefined,
    };
  }
  const dataDir = path.resolve(initial.TIDINGS_DATA_DIR);
  const secrets = await loadLocalSecrets(dataDir);
  const database = await startEmbeddedDatabase({
    directory: path.join(dataDir, 'pg'),
    port: initial.TIDINGS_DB_PORT,
    password: secrets.databasePassword,
  });
  const childEnv: Record<string, string> = {
    DATABASE_URL: database.url,
    TIDINGS_LOCAL_DEMO: '1',
    NEXTAUTH_SECRET: initial.NEXTAUTH_SECRET ?? secrets.nextauthSecret,
    TIDINGS_ENCRYPTION_KEY: initial.TIDINGS_ENCRYPTION_KEY ?? secrets.encryptionKey,
    TIDINGS_ALLOW_HTTP: initial.allowHttp ? '1' : '0',
    TIDINGS_ALLOWED_NETWORKS: initial.allowedNetworks.join(','),
  };
  Object.assign(process.env, childEnv);
  resetEnvCache();
  return {
    env: readEnvOrExit(),
    databaseUrl: database.url,
    childEnv,
    ownsDatabase: !database.reused,
    stopDatabase: database.stop,
  };
}
