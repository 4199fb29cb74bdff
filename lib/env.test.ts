import { describe, expect, it } from 'vitest';
import { EnvError, launcherChildEnv, parseEnv } from './env';

describe('configuration', () => {
  it('gives the local demo its defaults when DATABASE_URL is unset', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ localDemo: true, allowHttp: true, PORT: 3000, TIDINGS_DB_PORT: 54329, TIDINGS_RETRY_SCALE: 1, TIDINGS_DATA_DIR: '.tidings', TIDINGS_TRUSTED_PROXIES: 0 });
    expect(env.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('is strict in production, whatever the database', () => {
    const external = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/tidings', NODE_ENV: 'production', NEXTAUTH_SECRET: 'x'.repeat(32), TIDINGS_ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(external).toMatchObject({ localDemo: false, allowHttp: false, allowedNetworks: [], inboxEnabled: false });
    // The embedded database in production: nothing private is reachable either.
    const embedded = parseEnv({ NODE_ENV: 'production' });
    expect(embedded).toMatchObject({ localDemo: true, allowHttp: false, allowedNetworks: [], inboxEnabled: false });
  });

  it('opens the demo (loopback, http://, the inbox) whenever NODE_ENV is not production, also with an external database', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const env = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/tidings', NODE_ENV });
      expect(env, String(NODE_ENV)).toMatchObject({ localDemo: false, allowHttp: true, inboxEnabled: true });
      expect(env.allowedNetworks, String(NODE_ENV)).toEqual(['127.0.0.0/8', '::1/128']);
    }
  });

  it('lets explicit variables override the defaults either way', () => {
    const openedProduction = parseEnv({ NODE_ENV: 'production', TIDINGS_ALLOW_HTTP: '1', TIDINGS_ALLOWED_NETWORKS: '10.0.0.0/8', TIDINGS_INBOX_ENABLED: 'true' });
    expect(openedProduction).toMatchObject({ allowHttp: true, allowedNetworks: ['10.0.0.0/8'], inboxEnabled: true });
    const closedDevelopment = parseEnv({ NODE_ENV: 'development', TIDINGS_ALLOW_HTTP: '0', TIDINGS_ALLOWED_NETWORKS: '192.168.1.0/24', TIDINGS_INBOX_ENABLED: 'false' });
    expect(closedDevelopment).toMatchObject({ allowHttp: false, allowedNetworks: ['192.168.1.0/24'], inboxEnabled: false });
  });

  it("hands npm start's web and worker processes (NODE_ENV=production) the launcher's openness, and 127.0.0.1 unless HOST is set", () => {
    const launcher = parseEnv({});
    const passed = launcherChildEnv(launcher);
    expect(passed).toEqual({ TIDINGS_ALLOW_HTTP: '1', TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128', TIDINGS_INBOX_ENABLED: '1', HOST: '127.0.0.1' });
    const child = parseEnv({ NODE_ENV: 'production', ...passed });
    expect(child).toMatchObject({ allowHttp: true, inboxEnabled: true, HOST: '127.0.0.1' });
    expect(child.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
    // Started in production, the launcher keeps its children closed too.
    const production = launcherChildEnv(parseEnv({ NODE_ENV: 'production', HOST: '0.0.0.0' }));
    expect(production).toEqual({ TIDINGS_ALLOW_HTTP: '0', TIDINGS_ALLOWED_NETWORKS: '', TIDINGS_INBOX_ENABLED: '0', HOST: '0.0.0.0' });
    expect(parseEnv({ NODE_ENV: 'production', ...production })).toMatchObject({ allowHttp: false, allowedNetworks: [], inboxEnabled: false });
  });

  it('reads HOST, unset by default (npm run web listens on every interface)', () => {
    expect(parseEnv({}).HOST).toBeUndefined();
    for (const host of ['0.0.0.0', '::', '127.0.0.1', 'localhost', 'fe80::1%eth0']) expect(parseEnv({ HOST: host }).HOST).toBe(host);
  });

  it('defaults the per-organization worker cap to a quarter of the worker concurrency, and keeps 500 inbox requests', () => {
    expect(parseEnv({})).toMatchObject({ workerPerOrganizationConcurrency: 50, TIDINGS_INBOX_KEEP: 500 });
    expect(parseEnv({ TIDINGS_WORKER_CONCURRENCY: '10' }).workerPerOrganizationConcurrency).toBe(2);
    expect(parseEnv({ TIDINGS_WORKER_CONCURRENCY: '3' }).workerPerOrganizationConcurrency).toBe(1);
    expect(parseEnv({ TIDINGS_WORKER_PER_ORG_CONCURRENCY: '7' }).workerPerOrganizationConcurrency).toBe(7);
    expect(parseEnv({ TIDINGS_INBOX_KEEP: '20' }).TIDINGS_INBOX_KEEP).toBe(20);
  });

  it('stops on a bad value, naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ TIDINGS_DB_PORT: '70000' }, 'TIDINGS_DB_PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ TIDINGS_RETRY_SCALE: '-1' }, 'TIDINGS_RETRY_SCALE'],
      [{ TIDINGS_ALLOW_HTTP: 'yes' }, 'TIDINGS_ALLOW_HTTP'],
      [{ TIDINGS_ENCRYPTION_KEY: 'short' }, 'TIDINGS_ENCRYPTION_KEY'],
      [{ TIDINGS_ALLOWED_NETWORKS: '10.0.0.0/40' }, 'TIDINGS_ALLOWED_NETWORKS'],
      [{ TIDINGS_ADMIN_EMAIL: 'not-an-email' }, 'TIDINGS_ADMIN_EMAIL'],
      [{ TIDINGS_TRUSTED_PROXIES: '-1' }, 'TIDINGS_TRUSTED_PROXIES'],
      [{ TIDINGS_TRUSTED_PROXIES: '1.5' }, 'TIDINGS_TRUSTED_PROXIES'],
      [{ TIDINGS_TRUSTED_PROXIES: 'all' }, 'TIDINGS_TRUSTED_PROXIES'],
      [{ HOST: 'a b' }, 'HOST'],
      [{ HOST: 'http://0.0.0.0' }, 'HOST'],
      [{ TIDINGS_WORKER_PER_ORG_CONCURRENCY: '0' }, 'TIDINGS_WORKER_PER_ORG_CONCURRENCY'],
      [{ TIDINGS_WORKER_PER_ORG_CONCURRENCY: 'many' }, 'TIDINGS_WORKER_PER_ORG_CONCURRENCY'],
      [{ TIDINGS_INBOX_KEEP: '0' }, 'TIDINGS_INBOX_KEEP'],
      [{ TIDINGS_INBOX_KEEP: '1.5' }, 'TIDINGS_INBOX_KEEP'],
    ];
    for (const [source, variable] of cases) {
      expect(() => parseEnv(source), variable).toThrow(EnvError);
      expect(() => parseEnv(source)).toThrow(new RegExp(variable));
    }
  });

  it('reads the trusted proxy count', () => {
    expect(parseEnv({ TIDINGS_TRUSTED_PROXIES: '2' }).TIDINGS_TRUSTED_PROXIES).toBe(2);
  });

  it('requires the secrets in production with an external database', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(/NEXTAUTH_SECRET[\s\S]*TIDINGS_ENCRYPTION_KEY/);
    expect(() =>
      parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', NEXTAUTH_SECRET: 'x'.repeat(32), TIDINGS_ENCRYPTION_KEY: 'ab'.repeat(32) }),
    ).not.toThrow();
  });
});
