import 'server-only';
import { withTransaction } from '../db-transaction';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db, pool } from '../db';
import { AppError } from '../errors';
import { createId } from '../ids';

// Sub-organizations (NationBuilder's subnations) of the caller's organization: listed,
// created and renamed by owners/admins in Settings, by API keys with organizations:read /
// organizations:write (GET/POST /organizations, PATCH /organizations/{id}), and by the CLI.
// Only descendants are ever reachable: an id outside the caller's tree is "not found".

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

// Nesting beyond this is refused: the tree walks (lib/organizations/accessible-organizations.ts) stay short.
const MAX_DEPTH = 8;
const MAX_SUB_ORGANIZATIONS = 500;

type Row = { id: string; slug: string; name: string; parentId: string | null; createdAt: Date; depth: number };

export function serializeOrganization(row: Omit<Row, 'depth'>) {
  return { organizationId: row.id, slug: row.slug, name: row.name, parentId: row.parentId, createdAt: unix(row.createdAt) };
}

export type OrganizationResource = ReturnType<typeof serializeOrganization>;

/** Every descendant of the organization (not itself), with its depth below it. */
async function listDescendants(organizationId: string): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    `with recursive tree as (
       select id, slug, name, "parentId", "createdAt", 1 as depth from "Organization" where "parentId" = $1
       union all
       select o.id, o.slug, o.name, o."parentId", o."createdAt", tree.depth + 1
       from "Organization" o join tree on o."parentId" = tree.id where tree.depth < 32
     ) select * from tree order by depth, name, id`,
    [organizationId],
  );
  return rows;
}

export async function listSubOrganizations(input: { organizationId: string }) {
  const rows = await listDescendants(input.organizationId);
  return { data: rows.map(serializeOrganization), nextCursor: null };
}

export async function createSubOrganization(input: { organizationId: string; name: string; slug: string; parentId?: string; audit?: AuditSource }) {
  const descendants = await listDescendants(input.organizationId);
  const parentId = input.parentId ?? input.organizationId;
  const parentDepth = parentId === input.organizationId ? 0 : descendants.find((row) => row.id === parentId)?.depth;
  if (parentDepth === undefined) throw new AppError('organization_not_found', 'No such organization among yours: parentId is your organization or one of its sub-organizations');
  if (parentDepth + 1 > MAX_DEPTH) throw new AppError('validation_failed', 'Too deep', { issues: [{ path: 'parentId', message: `Sub-organizations nest at most ${MAX_DEPTH} levels deep` }] });
  if (descendants.length >= MAX_SUB_ORGANIZATIONS) throw new AppError('limit_reached', `An organization has at most ${MAX_SUB_ORGANIZATIONS} sub-organizations`);
  try {
    const created = await db.$transaction(async (tx) => {
      const row = await tx.organization.create({
        data: { id: createId('org'), slug: input.slug, name: input.name, parentId },
        select: { id: true, slug: true, name: true, parentId: true, createdAt: true },
      });
      if (input.audit) {
        await recordAudit(tx, { organizationId: input.organizationId, source: input.audit, action: 'organization.created', target: { type: 'organization', id: row.id }, changes: { name: row.name, slug: row.slug, parentId } });
      }
      return row;
    });
    return serializeOrganization(created);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      throw new AppError('conflict', `The slug "${input.slug}" is taken`, { issues: [{ path: 'slug', message: 'Another organization has this slug; choose another' }] });
    }
    throw error;
  }
}

/** Renames one of the caller's sub-organizations (the caller's own name: PATCH /organization). */
export async function renameSubOrganization(input: { organizationId: string; subOrganizationId: string; name: string; audit?: AuditSource }) {
  const descendants = await listDescendants(input.organizationId);
  if (!descendants.some((row) => row.id === input.subOrganizationId)) {
    throw new AppError('organization_not_found', 'No sub-organization with this id under your organization');
  }
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: input.subOrganizationId }, select: { name: true } });
    const row = await tx.organization.update({
      where: { id: input.subOrganizationId },
      data: { name: input.name },
      select: { id: true, slug: true, name: true, parentId: true, createdAt: true },
    });
    if (input.audit) {
      await recordAudit(tx, { organizationId: input.organizationId, source: input.audit, action: 'organization.updated', target: { type: 'organization', id: row.id }, changes: { name: { before: before.name, after: row.name } } });
    }
    return row;
  });
  return serializeOrganization(updated);
}

export async function renameOrganization(input: { organizationId: string; name: string; audit?: AuditSource }): Promise<void> {
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ name: string }>(`select name from "Organization" where id = $1 for update`, [input.organizationId]);
    if (rows.length === 0) throw new AppError('organization_not_found', 'No such organization');
    await client.query(`update "Organization" set name = $2, "updatedAt" = (now() at time zone 'utc') where id = $1`, [input.organizationId, input.name]);
    if (input.audit) {
      await recordAudit(client, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'organization.updated',
        target: { type: 'organization', id: input.organizationId },
        changes: { name: { before: rows[0].name, after: input.name } },
      });
    }
  });
}
