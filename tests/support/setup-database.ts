import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { resetEnvCache } from '../../lib/env';

// Runs before every test file: a fresh database cloned from the migrated template,
// so files run in parallel without seeing each other's rows.
const adminUrl = inject('testDatabaseAdminUrl');
const name = `tidings_test_${randomBytes(6).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE tidings_test_template`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
Object.assign(process.env, {
  DATABASE_URL: url.toString(),
  TIDINGS_LOCAL_DEMO: '',
  NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
  // The origin the route tests' requests carry (tests/support/fixtures.ts `call`); a production
  // worker or web server spawned from here needs one (assertProductionProcessEnv).
  NEXTAUTH_URL: 'http://localhost',
  TIDINGS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  TIDINGS_ALLOW_HTTP: '1',
  TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
  TIDINGS_RETRY_SCALE: '0.001',
  TIDINGS_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
});
resetEnvCache();

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
});
