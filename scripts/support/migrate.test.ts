import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, runMigrations } from './migrate';

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('migration runner', () => {
  it('records applied migrations in Prisma format and is idempotent', async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'select migration_name, checksum, finished_at from "_prisma_migrations"',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.finished_at !== null && /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
    expect(await runMigrations(process.env.DATABASE_URL!)).toEqual([]);
  });

  it('applies a new file in a transaction and refuses an edited one', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tidings-migrations-'));
    await cp(MIGRATIONS_DIR, directory, { recursive: true });
    await mkdir(path.join(directory, '29990101000000_extra'));
    const extra = path.join(directory, '29990101000000_extra', 'migration.sql');
    await writeFile(extra, 'CREATE TABLE "Extra" (id int primary key);');
    expect(await runMigrations(process.env.DATABASE_URL!, { directory })).toEqual(['29990101000000_extra']);

    await writeFile(extra, 'CREATE TABLE "Extra" (id bigint primary key);');
    await expect(runMigrations(process.env.DATABASE_URL!, { directory })).rejects.toThrow(/edited after it was applied/);
  });

  it('rolls back a failing migration completely', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tidings-migrations-'));
    await cp(MIGRATIONS_DIR, directory, { recursive: true });
    await mkdir(path.join(directory, '29990102000000_broken'));
    await writeFile(
      path.join(directory, '29990102000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id int); SELECT no_such_function();',
    );
    await expect(runMigrations(process.env.DATABASE_URL!, { directory })).rejects.toThrow(/29990102000000_broken failed/);
    const half = await query("select 1 from information_schema.tables where table_name = 'Half'");
    expect(half).toHaveLength(0);
    const recorded = await query('select 1 from "_prisma_migrations" where migration_name = $1', ['29990102000000_broken']);
    expect(recorded).toHaveLength(0);
  });
});
