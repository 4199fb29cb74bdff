import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, runMigrations } from '../scripts/support/migrate';
import { idFloorAt } from '../lib/stats/id-floor';

// The partitioning migration converts the tables a running installation already has,
// without losing a row: a database migrated up to the migration before it gets events,
// deliveries and attempts (recent and very old), then the migration runs.

const PARTITIONING = '20261202204000_partition_by_day';
const adminUrl = inject('testDatabaseAdminUrl');
const name = `tidings_partition_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('the partitioning migration', () => {
  it('moves every existing row into its day (or the DEFAULT partition), keeping keys, sequences and cascades', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const before = await mkdtemp(path.join(os.tmpdir(), 'tidings-migrations-'));
    for (const entry of await readdir(MIGRATIONS_DIR)) {
      if (entry < PARTITIONING) await cp(path.join(MIGRATIONS_DIR, entry), path.join(before, entry), { recursive: true });
    }
    await runMigrations(url, { directory: before });
    await rm(before, { recursive: true });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`insert into "Organization" (id, slug, name, "updatedAt") values ('org_1', 'one', 'One', now())`);
      await client.query(
        `insert into "Webhook" (id, "organizationId", name, url, events, "secretEncrypted", "updatedAt") values ('wh_1', 'org_1', 'hook', 'https://example.com', '{*}', 'x', now())`,
      );
      const rows: { event: string; delivery: string; daysAgo: number }[] = [];
      for (const [index, daysAgo] of [0, 2, 2, 700].entries()) {
        const at = new Date(Date.now() - daysAgo * 86_400_000);
        const event = `${idFloorAt('evt', at)}${String(index).padStart(16, '0')}`;
        const delivery = `${idFloorAt('msg', at)}${String(index).padStart(16, '0')}`;
        await client.query(`insert into "Event" (id, "organizationId", type, data, "createdAt") values ($1, 'org_1', 'person.created', '{"n": 1}', $2)`, [event, at.toISOString()]);
        await client.query(
          `insert into "Delivery" (id, "organizationId", "webhookId", "eventId", "eventType", "createdAt") values ($1, 'org_1', 'wh_1', $2, 'person.created', $3)`,
          [delivery, event, at.toISOString()],
        );
        for (const attempt of [1, 2]) {
          await client.query(
            `insert into "Attempt" (id, "deliveryId", attempt, trigger, "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody") values ($1, $2, $3, 'initial', now(), 1, 'https://example.com', '{}', 'body')`,
            [`att_${index}_${attempt}`, delivery, attempt],
          );
        }
        rows.push({ event, delivery, daysAgo });
      }
      const numbers = (await client.query<{ number: string }>(`select number from "Event" order by id`)).rows.map((row) => row.number);

      const applied = await runMigrations(url);
      expect(applied).toContain(PARTITIONING);

      const count = async (table: string) => Number((await client.query(`select count(*) from "${table}"`)).rows[0].count);
      expect([await count('Event'), await count('Delivery'), await count('Attempt')]).toEqual([4, 4, 8]);
      expect((await client.query<{ number: string }>(`select number from "Event" order by id`)).rows.map((row) => row.number)).toEqual(numbers);
      // The sequence carries on after the moved rows.
      await client.query(`insert into "Event" (id, "organizationId", type, data) values ('evt_zzzzzzzzzznew', 'org_1', 'person.created', '{}')`);
      const next = Number((await client.query(`select number from "Event" where id = 'evt_zzzzzzzzzznew'`)).rows[0].number);
      expect(next).toBeGreaterThan(Math.max(...numbers.map(Number)));

      const partitionOf = async (table: string, id: string) =>
        (await client.query<{ partition: string }>(`select tableoid::regclass::text as partition from "${table}" where id = $1`, [id])).rows[0].partition;
      for (const row of rows) {
        const day = new Date(Date.now() - row.daysAgo * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        const expected = row.daysAgo > 400 ? 'default' : `p${day}`;
        expect(await partitionOf('Delivery', row.delivery)).toBe(`"Delivery_${expected}"`);
        expect(await partitionOf('Event', row.event)).toBe(`"Event_${expected}"`);
      }
      // A week ahead exists.
      const ahead = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      expect((await client.query(`select to_regclass($1) as found`, [`"Attempt_p${ahead}"`])).rows[0].found).not.toBeNull();
      // Deleting the webhook still cascades to deliveries and, per partition, to attempts.
      await client.query(`delete from "Webhook" where id = 'wh_1'`);
      expect([await count('Delivery'), await count('Attempt')]).toEqual([0, 0]);
    } finally {
      await client.end();
    }
  });
});
