import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('configuration', () => {
  it('gives the local demo its defaults when DATABASE_URL is unset', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ localDemo: true, allowHttp: true, PORT: 3000, TIDINGS_DB_PORT: 54329, TIDINGS_RETRY_SCALE: 1, TIDINGS_DATA_DIR: '.tidings', TIDINGS_TRUSTED_PROXIES: 0 });
    expect(env.allowedNetworks).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('is strict with an external database', () => {
    const env = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/tidings', NODE_ENV: 'development' });
    expect(env).toMatchObject({ localDemo: false, allowHttp: false, allowedNetworks: [] });
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
