import 'server-only';
import type { Role } from '../auth/scopes';
import { pool } from '../db';

export type AccessibleOrganization = {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  role: Role;
};

/**
 * Organizations a user may act in: each membership, and every descendant of it
 * (a parent's admins manage its sub-organizations, as NationBuilder's subnations).
 */
export async function listAccessibleOrganizations(userId: string): Promise<AccessibleOrganization[]> {
  const { rows } = await pool().query<AccessibleOrganization & { depth: number }>(
    `with recursive tree as (
       select o.id, o.slug, o.name, o."parentId", m.role::text as role, 0 as depth, array[o.id] as path
       from "Membership" m join "Organization" o on o.id = m."organizationId"
       where m."userId" = $1
       union all
       select c.id, c.slug, c.name, c."parentId", tree.role, tree.depth + 1, tree.path || c.id
       from "Organization" c join tree on c."parentId" = tree.id
       where not c.id = any(tree.path)
     )
     select distinct on (id) id, slug, name, "parentId", role, depth from tree
     order by id, depth`,
    [userId],
  );
  return rows
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))
    .map(({ id, slug, name, parentId, role }) => ({ id, slug, name, parentId, role }));
}

/** The organization itself and all its descendants, for sub-organization matching. */
export async function listOrganizationAncestors(organizationId: string): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `with recursive up as (
       select id, "parentId", 0 as depth from "Organization" where id = $1
       union all
       select o.id, o."parentId", up.depth + 1 from "Organization" o join up on o.id = up."parentId" where up.depth < 32
     ) select id from up order by depth`,
    [organizationId],
  );
  return rows.map((row) => row.id);
}
