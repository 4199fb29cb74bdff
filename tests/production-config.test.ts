import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertProductionProcessEnv } from '../lib/env';
import { userEnvironment } from './support/processes';

// README "Configuration": a production web server or worker (`npm run web`, `npm run worker`)
// refuses to start without DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL and
// TIDINGS_ENCRYPTION_KEY, with one line naming each, and no stack trace. `npm start` passes
// them to its own processes.

const root = path.resolve(import.meta.dirname, '..');
const REQUIRED = ['DATABASE_URL', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'TIDINGS_ENCRYPTION_KEY'];

function run(script: 'web' | 'worker', extra: Record<string, string>) {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, env: userEnvironment({ NODE_ENV: 'production', ...extra }), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('a production process without its configuration', () => {
  for (const script of ['web', 'worker'] as const) {
    it(`npm run ${script} exits 1 naming each missing variable on a line, without a stack`, () => {
      const { code, output } = run(script, {});
      expect(code).toBe(1);
      for (const name of REQUIRED) expect(output).toMatch(new RegExp(`^\\s*${name}: is required in production`, 'm'));
      expect(output).not.toMatch(/\n\s+at /);
    });
  }

  it('names only what is missing', () => {
    expect(() =>
      assertProductionProcessEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', NEXTAUTH_SECRET: 'x'.repeat(32), TIDINGS_ENCRYPTION_KEY: 'ab'.repeat(32) }),
    ).toThrow(/^Invalid configuration:\n {2}NEXTAUTH_URL: is required in production/);
  });

  it('asks nothing of development, or of the processes npm start runs (TIDINGS_LOCAL_DEMO=1)', () => {
    expect(() => assertProductionProcessEnv({})).not.toThrow();
    expect(() => assertProductionProcessEnv({ NODE_ENV: 'development' })).not.toThrow();
    expect(() => assertProductionProcessEnv({ NODE_ENV: 'production', TIDINGS_LOCAL_DEMO: '1' })).not.toThrow();
  });
});
