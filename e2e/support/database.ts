import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import config from '../../playwright.config';
import { createId } from '../../lib/ids';
import { idFloorAt } from '../../lib/stats/id-floor';

// Direct access to the database of the server under test, for what the product has no
// command for (a second top-level organization) and for proving that a refused request
// changed nothing. The server shares it with every other spec and its worker keeps
// delivering in the background, so "nothing changed" means: no row was created since a
// moment (ids sort by time; retries and attempts of earlier deliveries are the worker's,
// not the request's), and the configuration rows are what they were.

const env = (config.webServer as { env: Record<string, string> }).env;

async function connect(): Promise<pg.Client> {
  const secrets = JSON.parse(await readFile(path.join(env.TIDINGS_DATA_DIR, 'secrets.json'), 'utf8')) as { databasePassword: string };
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(secrets.databasePassword)}@127.0.0.1:${env.TIDINGS_DB_PORT}/tidings`,
  });
  await client.connect();
  return client;
}

export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A top-level organization of its own (the CLI creates users and keys, not tenants). */
export async function createOrganization(slug: string, name: string): Promise<{ id: string; slug: string }> {
  const id = createId('org');
  await withDatabase((client) =>
    client.query(`insert into "Organization" (id, slug, name, "updatedAt") values ($1, $2, $3, now())`, [id, slug, name]),
  );
  return { id, slug };
}

export async function organizationId(slug: string): Promise<string> {
  return withDatabase(async (client) => (await client.query<{ id: string }>(`select id from "Organization" where slug = $1`, [slug])).rows[0].id);
}

// What a request could change: every configuration row, in full (a webhook without its
// delivery counters, which the worker moves; an API key without lastUsedAt).
const CONFIGURATION = {
  Organization: `select id, slug, name, "parentId", "sharedTokenEncrypted" from "Organization" order by id`,
  User: `select id, email, "passwordHash", "sessionVersion", "disabledAt" from "User" order by id`,
  Membership: `select * from "Membership" order by id`,
  Invitation: `select * from "Invitation" order by id`,
  ApiKey: `select to_jsonb(t) - 'lastUsedAt' as row from "ApiKey" t order by id`,
  Form: `select * from "Form" order by id`,
  Inbox: `select * from "Inbox" order by id`,
  IdempotencyKey: `select * from "IdempotencyKey" order by id`,
  Webhook: `select id, "organizationId", name, url, description, status, "disabledReason", "disabledAt", events, "allForms", "formIds",
              "resourceId", "includeSubOrganizations", format, "appKey", "apiTokenEncrypted", "customHeaderNames", "customHeadersEncrypted", "secretEncrypted",
              "previousSecretEncrypted", "previousSecretExpiresAt", "retryPolicy", "timeoutSeconds", "createdAt", "updatedAt"
            from "Webhook" order by id`,
};
const CREATED_BY_REQUESTS: Record<string, string> = {
  Organization: 'org', User: 'usr', Membership: 'mem', ApiKey: 'key', Form: 'form', Event: 'evt',
  Webhook: 'wh', Delivery: 'msg', IdempotencyKey: 'idem', Inbox: 'inbox', Invitation: 'inv',
};

export type DatabaseState = { at: number; configuration: Record<string, string> };

export async function captureState(): Promise<DatabaseState> {
  // The moment comes first: a row made while the snapshot is read counts as new.
  const at = Date.now() - 5;
  const configuration: Record<string, string> = {};
  await withDatabase(async (client) => {
    for (const [table, sql] of Object.entries(CONFIGURATION)) configuration[table] = JSON.stringify((await client.query(sql)).rows);
  });
  return { at, configuration };
}

/** What differs from `before`: configuration tables that changed, and rows created since. */
export async function changesSince(before: DatabaseState): Promise<string[]> {
  const after = await captureState();
  const changes = Object.keys(before.configuration).filter((table) => before.configuration[table] !== after.configuration[table]);
  await withDatabase(async (client) => {
    for (const [table, prefix] of Object.entries(CREATED_BY_REQUESTS)) {
      const { rows } = await client.query<{ count: number }>(`select count(*)::int as count from "${table}" where id >= $1`, [idFloorAt(prefix, new Date(before.at))]);
      if (rows[0].count > 0) changes.push(`${rows[0].count} new ${table}`);
    }
    // Jobs a request would queue (a send, a test, a resend, a replay); the worker's own retries aside.
    const { rows } = await client.query<{ count: number }>(
      `select count(*)::int as count from pgboss.job where name = 'deliveries' and created_on >= $1 and coalesce(data->>'trigger', '') <> 'retry'`,
      [new Date(before.at)],
    );
    if (rows[0].count > 0) changes.push(`${rows[0].count} new queued jobs`);
  });
  return changes;
}
