import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import type { Prisma } from '../../generated/prisma/client';
import { db } from '../db';
import { AppError } from '../errors';
import type { Role } from '../auth/scopes';
import { assertCanGrant, assertCanManageMember, type TeamManager } from './team-permissions';

// Members of the Team page: list, change a role, remove. A change applies on the member's
// very next request: roles are read from the membership on every request
// (lib/auth/resolve-caller.ts), and removing a member also ends every session they have.
// The last owner of an organization can be neither lowered nor removed.

const unix = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

const MEMBER_SELECT = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true, lastSignInAt: true } },
} as const;

type MemberRow = { id: string; role: Role; createdAt: Date; user: { id: string; email: string; name: string | null; lastSignInAt: Date | null } };

export function serializeMember(member: MemberRow, viewerUserId?: string | null) {
  return {
    id: member.id,
    userId: member.user.id,
    email: member.user.email,
    name: member.user.name,
    role: member.role,
    you: member.user.id === viewerUserId,
    joinedAt: unix(member.createdAt),
    lastSignInAt: unix(member.user.lastSignInAt),
  };
}

export type MemberResource = ReturnType<typeof serializeMember>;

const ROLE_ORDER: Record<Role, number> = { owner: 0, admin: 1, viewer: 2 };

export async function listMembers(input: { organizationId: string; viewerUserId?: string }) {
  const rows = await db.membership.findMany({ where: { organizationId: input.organizationId }, select: MEMBER_SELECT });
  rows.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.user.email.localeCompare(b.user.email));
  return { data: rows.map((row) => serializeMember(row, input.viewerUserId)), nextCursor: null };
}

/** The member, locked with the organization's owners, so "last owner" holds under concurrent changes. */
async function lockMember(tx: Prisma.TransactionClient, organizationId: string, membershipId: string) {
  // One lock per organization serializes team changes: two owners lowering each other at once
  // cannot both pass the last-owner check.
  await tx.$queryRaw`select id from "Organization" where id = ${organizationId} for update`;
  const member = await tx.membership.findFirst({ where: { id: membershipId, organizationId }, select: MEMBER_SELECT });
  if (!member) throw new AppError('member_not_found', 'No member with this id in your organization');
  return member;
}

async function assertNotLastOwner(tx: Prisma.TransactionClient, organizationId: string, member: { role: Role }, what: string) {
  if (member.role !== 'owner') return;
  const owners = await tx.membership.count({ where: { organizationId, role: 'owner' } });
  if (owners <= 1) throw new AppError('conflict', `The last owner cannot be ${what}: make someone else an owner first`);
}

export async function changeMemberRole(input: { manager: TeamManager; membershipId: string; role: Role; audit?: AuditSource }) {
  const { organizationId } = input.manager;
  return db.$transaction(async (tx) => {
    const member = await lockMember(tx, organizationId, input.membershipId);
    assertCanManageMember(input.manager.role, member.role);
    assertCanGrant(input.manager.role, input.role);
    if (member.role === input.role) return serializeMember(member, input.manager.userId);
    if (input.role !== 'owner') await assertNotLastOwner(tx, organizationId, member, 'lowered');
    const updated = await tx.membership.update({ where: { id: member.id }, data: { role: input.role }, select: MEMBER_SELECT });
    if (input.audit) {
      await recordAudit(tx, { organizationId, source: input.audit, action: 'member.updated', target: { type: 'member', id: member.id }, changes: { email: member.user.email, role: { before: member.role, after: input.role } } });
    }
    return serializeMember(updated, input.manager.userId);
  });
}

/**
 * Removes the member and ends every session they have, so an open console page stops
 * working on its next request (a session's organizations are re-read each request; ending
 * them also ends any page of this organization that a cookie would otherwise still reach).
 */
export async function removeMember(input: { manager: TeamManager; membershipId: string; audit?: AuditSource }) {
  const { organizationId } = input.manager;
  return db.$transaction(async (tx) => {
    const member = await lockMember(tx, organizationId, input.membershipId);
    assertCanManageMember(input.manager.role, member.role);
    await assertNotLastOwner(tx, organizationId, member, 'removed');
    await tx.membership.delete({ where: { id: member.id } });
    const now = new Date();
    await tx.session.updateMany({ where: { userId: member.user.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.user.update({ where: { id: member.user.id }, data: { sessionVersion: { increment: 1 } } });
    if (input.audit) {
      await recordAudit(tx, { organizationId, source: input.audit, action: 'member.removed', target: { type: 'member', id: member.id }, changes: { email: member.user.email, role: member.role } });
    }
    return serializeMember(member, input.manager.userId);
  });
}
