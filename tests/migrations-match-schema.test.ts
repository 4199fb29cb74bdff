import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

// What a database looks like, as far as schema.prisma can say: tables, columns with
// type, nullability and default, indexes, constraints and enum values.
const CATALOG_QUERIES = {
  // The daily partitions of Event, Delivery and Attempt (prisma/migrations/20261202204000_partition_by_day)
  // are storage, not schema: only the partitioned parents are compared.
  columns: `select table_name, column_name, data_type, udt_name, is_nullable, column_default
            from information_schema.columns c
            where table_schema = 'public' and table_name <> '_prisma_migrations'
              and not exists (select 1 from pg_class r where r.oid = format('%I', c.table_name)::regclass and r.relispartition)
            order by table_name, column_name`,
  indexes: `select tablename, indexname, replace(indexdef, 'ON ONLY ', 'ON ') as indexdef from pg_indexes i
            where schemaname = 'public' and tablename <> '_prisma_migrations'
              and not exists (select 1 from pg_class r where r.oid = format('%I', i.tablename)::regclass and r.relispartition)
            order by indexname`,
  constraints: `select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
                from pg_constraint where connamespace = 'public'::regnamespace and conparentid = 0
                and not exists (select 1 from pg_class r where r.oid = conrelid and r.relispartition)
                and conrelid::regclass::text not in ('_prisma_migrations', '"_prisma_migrations"') order by conname`,
  enums: `select t.typname, array_agg(e.enumlabel order by e.enumsortorder) as labels
          from pg_type t join pg_enum e on e.enumtypid = t.oid
          where t.typnamespace = 'public'::regnamespace group by t.typname order by t.typname`,
};

// Indexes on expressions, which schema.prisma cannot describe: made by hand in their
// migration, named in a comment beside their model, and required here by name.
const EXPRESSION_INDEXES = [
  { tablename: 'Event', indexname: 'Event_data_search_idx', indexdef: /USING gin \(jsonb_to_tsvector\('simple'::regconfig, data, '\["string", "numeric"\]'::jsonb\)\)/ },
];

async function describeDatabase(connectionString: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const entries = await Promise.all(
      Object.entries(CATALOG_QUERIES).map(async ([name, sql]) => [name, (await client.query(sql)).rows] as const),
    );
    return Object.fromEntries(entries);
  } finally {
    await client.end();
  }
}

const adminUrl = inject('testDatabaseAdminUrl');
const expectedName = `tidings_expected_${randomBytes(4).toString('hex')}`;
const expectedUrl = Object.assign(new URL(adminUrl), { pathname: `/${expectedName}` }).toString();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

afterAll(() => admin(`DROP DATABASE IF EXISTS ${expectedName} WITH (FORCE)`));

describe('migrations', () => {
  it('build exactly the database that schema.prisma describes', async () => {
    // Prisma's own rendering of schema.prisma, applied to an empty database, is the reference.
    const { stdout: expectedSql } = await run(
      path.join(root, 'node_modules/.bin/prisma'),
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
    );
    await admin(`CREATE DATABASE ${expectedName}`);
    const expected = new pg.Client({ connectionString: expectedUrl });
    await expected.connect();
    await expected.query(expectedSql);
    await expected.end();

    // The per-file database was cloned from a template that our runner migrated from empty.
    const actual = await describeDatabase(process.env.DATABASE_URL!);
    const reference = await describeDatabase(expectedUrl);
    for (const expression of EXPRESSION_INDEXES) {
      const found = (actual.indexes as { tablename: string; indexname: string; indexdef: string }[]).find((index) => index.indexname === expression.indexname);
      expect(found?.tablename).toBe(expression.tablename);
      expect(found?.indexdef).toMatch(expression.indexdef);
      actual.indexes = actual.indexes.filter((index) => index !== found);
    }
    // The relations into partitioned tables are kept by Prisma (its queries join on them)
    // but are not foreign keys of the parents: Attempt's is one key per day, partition to
    // partition, and Delivery's to Event is none (the migration says why).
    const PARTITIONED_RELATIONS = ['Attempt_deliveryId_fkey', 'Delivery_eventId_fkey', 'OrderedDelivery_deliveryId_fkey'];
    expect(actual.constraints.filter((row) => PARTITIONED_RELATIONS.includes((row as { conname: string }).conname))).toEqual([]);
    reference.constraints = reference.constraints.filter((row) => !PARTITIONED_RELATIONS.includes((row as { conname: string }).conname));
    expect(actual.columns.length).toBeGreaterThan(50);
    expect(actual).toEqual(reference);
  });
});
