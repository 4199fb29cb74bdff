import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../scripts/support/embedded-database';
import { runMigrations } from '../../scripts/support/migrate';
import { findFreePort } from '../../scripts/support/free-port';

export const TEMPLATE_DATABASE = 'tidings_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test server's maintenance database (`postgres`). */
    testDatabaseAdminUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL for the whole run (embedded, or the server of DATABASE_URL), and a
 * migrated template database that each test file clones into a database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDatabase | undefined;
  let directory: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const port = await findFreePort();
    directory = path.join(os.tmpdir(), `tidings-test-${process.pid}-${port}`);
    await rm(directory, { recursive: true, force: true });
    embedded = await startEmbeddedDatabase({
      directory: path.join(directory, 'pg'),
      port,
      password: 'tidings-test',
      database: 'postgres',
      // Test data is disposable: skip fsync so the suite is not disk-bound.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    adminUrl = embedded.serverUrl('postgres');
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));
  // pg-boss's schema and queues are part of the template too: each test file starts ready to enqueue.
  const { installQueues } = await import('../../lib/queue/boss');
  await installQueues(withDatabase(adminUrl, TEMPLATE_DATABASE));

  project.provide('testDatabaseAdminUrl', adminUrl);

  return async () => {
    await embedded?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  };
}
