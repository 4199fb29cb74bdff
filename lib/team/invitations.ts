import 'server-only';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { createId } from '../ids';
import { sendMail } from '../mail/send-mail';
import type { Role } from '../auth/scopes';
import { createInvitationToken, invitationUrl } from './invitation-token';
import { assertCanGrant, type TeamManager } from './team-permissions';

// Invitations of the Team page: create (the link shown once, and mailed when SMTP is
// configured), list the pending ones, revoke. Accepting is lib/team/accept-invitation.ts.

const unix = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

const INVITATION_SELECT = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { email: true } },
} as const;

type InvitationRow = { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null; invitedBy: { email: string } | null };

export function serializeInvitation(invitation: InvitationRow) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation),
    invitedBy: invitation.invitedBy?.email ?? null,
    createdAt: unix(invitation.createdAt),
    expiresAt: unix(invitation.expiresAt),
  };
}

export type InvitationResource = ReturnType<typeof serializeInvitation>;

// An organization's pending invitations at most: enough for any team, not a mail cannon.
const MAX_PENDING_INVITATIONS = 100;

/**
 * Invites `email` with `role`. The link is returned this once (the token is kept only as a
 * hash). When TIDINGS_SMTP_URL is set, the email carries a second link of its own, which
 * only the mailbox sees: following it proves the address (lib/team/accept-invitation.ts).
 * A pending invitation of the same email is replaced: its links stop working; an owner's
 * invitation only an owner may replace.
 */
export async function createInvitation(input: { manager: TeamManager; email: string; role: Role; baseUrl: string; now?: Date; audit?: AuditSource }) {
  assertCanGrant(input.manager.role, input.role);
  const now = input.now ?? new Date();
  const organizationId = input.manager.organizationId;
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { name: true } });
  if (!organization) throw new AppError('organization_not_found', 'No such organization');
  const member = await db.membership.findFirst({ where: { organizationId, user: { email: input.email } }, select: { id: true } });
  if (member) throw new AppError('conflict', `${input.email} is already a member of ${organization.name}`);
  const { token, hash } = createInvitationToken();
  const mailed = env().TIDINGS_SMTP_URL ? createInvitationToken() : null;
  const expiresAt = new Date(now.getTime() + env().TIDINGS_INVITE_HOURS * 60 * 60 * 1000);
  const invitation = await db.$transaction(async (tx) => {
    // Re-inviting replaces the pending invitation: an admin may not cancel an owner's that way.
    if (input.manager.role !== 'owner') {
      const owners = await tx.invitation.count({ where: { organizationId, email: input.email, role: 'owner', acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } });
      if (owners > 0) throw new AppError('forbidden', "Only an owner can replace an owner's invitation");
    }
    await tx.invitation.updateMany({
      where: { organizationId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const pending = await tx.invitation.count({ where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } });
    if (pending >= MAX_PENDING_INVITATIONS) {
      throw new AppError('limit_reached', `An organization has at most ${MAX_PENDING_INVITATIONS} pending invitations; revoke some first`);
    }
    const created = await tx.invitation.create({
      data: {
        id: createId('inv'),
        organizationId,
        email: input.email,
        role: input.role,
        tokenHash: hash,
        mailedTokenHash: mailed?.hash ?? null,
        invitedById: input.manager.userId,
        createdAt: now,
        expiresAt,
      },
      select: INVITATION_SELECT,
    });
    if (input.audit) {
      await recordAudit(tx, { organizationId, source: input.audit, action: 'invitation.created', target: { type: 'invitation', id: created.id }, changes: { email: input.email, role: input.role, expiresAt } });
    }
    return created;
  });
  const url = invitationUrl(input.baseUrl, token);
  const hours = env().TIDINGS_INVITE_HOURS;
  if (!mailed) return { invitation: serializeInvitation(invitation), url, emailed: false };
  const { sent } = await sendMail({
    to: [input.email],
    subject: `You are invited to ${organization.name} on Tidings`,
    text:
      `${invitation.invitedBy?.email ?? 'Someone'} invited you to join ${organization.name} on Tidings as ${input.role}.\n\n` +
      `Accept the invitation: ${invitationUrl(input.baseUrl, mailed.token)}\n\n` +
      `The link works once and expires in ${hours} hours. If you did not expect it, ignore this message.\n`,
  });
  return { invitation: serializeInvitation(invitation), url, emailed: sent };
}

/** Pending invitations (not accepted, revoked or expired), newest first. */
export async function listInvitations(input: { organizationId: string; now?: Date }) {
  const rows = await db.invitation.findMany({
    where: { organizationId: input.organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: input.now ?? new Date() } },
    orderBy: { createdAt: 'desc' },
    select: INVITATION_SELECT,
  });
  return { data: rows.map(serializeInvitation), nextCursor: null };
}

/** The link stops working; revoking twice keeps the first time. Admins cannot revoke an owner's invitation. */
export async function revokeInvitation(input: { manager: TeamManager; invitationId: string; audit?: AuditSource }) {
  const where = { id: input.invitationId, organizationId: input.manager.organizationId };
  const found = await db.invitation.findFirst({ where, select: { role: true } });
  if (!found) throw new AppError('invitation_not_found', 'No invitation with this id in your organization');
  if (found.role === 'owner' && input.manager.role !== 'owner') throw new AppError('forbidden', "Only an owner can revoke an owner's invitation");
  assertCanGrant(input.manager.role, found.role);
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { ...where, revokedAt: null, acceptedAt: null }, data: { revokedAt: new Date() } });
    if (count > 0 && input.audit) {
      await recordAudit(tx, { organizationId: input.manager.organizationId, source: input.audit, action: 'invitation.revoked', target: { type: 'invitation', id: input.invitationId } });
    }
  });
  return serializeInvitation(await db.invitation.findFirstOrThrow({ where, select: INVITATION_SELECT }));
}
