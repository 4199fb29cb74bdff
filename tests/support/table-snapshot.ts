import { pool } from '../../lib/db';

// Every row an organization owns, table by table, as text: compared before and after a
// request to prove it changed nothing (a dump of the tenant, not a count).
// ApiKey.lastUsedAt is left out: using a key stamps it (informative, at most once a minute).

const ORGANIZATION_TABLES: Record<string, string> = {
  // Its sub-organizations too: a new one under it is a change of the organization.
  Organization: `select t.* from "Organization" t where t.id = any($1) or t."parentId" = any($1) order by t.id`,
  Membership: `select t.* from "Membership" t where t."organizationId" = any($1) order by t.id`,
  Invitation: `select t.* from "Invitation" t where t."organizationId" = any($1) order by t.id`,
  ApiKey: `select to_jsonb(t) - 'lastUsedAt' as row from "ApiKey" t where t."organizationId" = any($1) order by t.id`,
  Form: `select t.* from "Form" t where t."organizationId" = any($1) order by t.id`,
  Event: `select t.* from "Event" t where t."organizationId" = any($1) order by t.id`,
  Webhook: `select t.* from "Webhook" t where t."organizationId" = any($1) order by t.id`,
  Delivery: `select t.* from "Delivery" t where t."organizationId" = any($1) order by t.id`,
  Attempt: `select a.* from "Attempt" a join "Delivery" d on d.id = a."deliveryId" where d."organizationId" = any($1) order by a.id`,
  IdempotencyKey: `select t.* from "IdempotencyKey" t where t."organizationId" = any($1) order by t.id`,
  Inbox: `select t.* from "Inbox" t where t."organizationId" = any($1) order by t.id`,
  InboxRequest: `select r.* from "InboxRequest" r join "Inbox" i on i.id = r."inboxId" where i."organizationId" = any($1) order by r.id`,
  // Queued delivery attempts of the organization's deliveries (a resend or replay adds one).
  Job: `select j.id, j.name, j.state, j.data from pgboss.job j
        where j.data->>'deliveryId' in (select id from "Delivery" where "organizationId" = any($1)) order by j.id`,
};

export type TableSnapshot = Record<string, string>;

export async function snapshotOrganizations(organizationIds: string[]): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const [table, sql] of Object.entries(ORGANIZATION_TABLES)) {
    const { rows } = await pool().query(sql, [organizationIds]);
    snapshot[table] = JSON.stringify(rows);
  }
  return snapshot;
}

/** The same dump as one digest per table, in one round trip: cheap enough to take around every request. */
export async function digestOrganizations(organizationIds: string[]): Promise<TableSnapshot> {
  const columns = Object.entries(ORGANIZATION_TABLES).map(
    ([table, sql]) => `(select md5(coalesce(string_agg(d::text, '|' order by d::text), '')) from (${sql}) d) as "${table}"`,
  );
  const { rows } = await pool().query<TableSnapshot>(`select ${columns.join(',\n')}`, [organizationIds]);
  return rows[0];
}

/** Row counts of every tenant table across all organizations: "created nothing anywhere". */
export async function countAllRows(): Promise<Record<string, number>> {
  const { rows } = await pool().query<Record<string, number>>(
    `select (select count(*) from "Organization")::int as organizations,
            (select count(*) from "ApiKey")::int as api_keys,
            (select count(*) from "Form")::int as forms,
            (select count(*) from "Event")::int as events,
            (select count(*) from "Webhook")::int as webhooks,
            (select count(*) from "Delivery")::int as deliveries,
            (select count(*) from "Attempt")::int as attempts,
            (select count(*) from "IdempotencyKey")::int as idempotency_keys,
            (select count(*) from "Inbox")::int as inboxes,
            (select count(*) from "InboxRequest")::int as inbox_requests,
            (select count(*) from "Membership")::int as memberships,
            (select count(*) from "User")::int as users,
            (select count(*) from "Invitation")::int as invitations,
            (select count(*) from pgboss.job)::int as jobs`,
  );
  return rows[0];
}

/** Table names whose rows differ between two snapshots. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

/** Every row of every table, as text, searched for the needle: a grep of a database dump. */
export async function tablesContaining(needle: string): Promise<string[]> {
  const { rows: tables } = await pool().query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await pool().query<{ hit: boolean }>(
      `select exists(select 1 from "${table.schema}"."${table.name}" t where strpos(t::text, $1) > 0) as hit`,
      [needle],
    );
    if (rows[0].hit) found.push(`${table.schema}.${table.name}`);
  }
  return found;
}
