import 'server-only';
import { recordAudit } from '../audit/record-audit';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Role } from '../auth/scopes';
import { db } from '../db';
import { AppError } from '../errors';
import { createId } from '../ids';
import { zodIssues } from '../http/zod-issues';
import { hashInvitationToken, invitationTokenMatches } from './invitation-token';
import { invitationStatus } from './invitations';
import { ZNewPassword } from './team-schema';

// The invitation page: what a link offers (lookup), and taking it (accept). The holder of
// the link proves nothing else: a new user chooses a name and password; an existing user
// proves the account with its password, so a forwarded link cannot join someone else's
// account to an organization. Attempts are rate-limited per address by the route.

async function findByToken(token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      tokenHash: true,
      email: true,
      role: true,
      organizationId: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { name: true } },
    },
  });
  // The index finds the row by hash; the hash is compared again in constant time.
  if (!invitation || !invitationTokenMatches(token, invitation.tokenHash)) {
    throw new AppError('invitation_not_found', 'This invitation link is not valid: check that it was copied whole');
  }
  return invitation;
}

const UNUSABLE: Record<'accepted' | 'revoked' | 'expired', string> = {
  accepted: 'This invitation has already been used. Sign in instead, or ask for a new invitation.',
  revoked: 'This invitation was withdrawn. Ask the person who invited you for a new one.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
};

export type InvitationOffer = {
  organizationName: string;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  existingUser: boolean;
  expiresAt: number;
  message: string | null;
};

/** What the link offers, for the page to show; used, revoked and expired links say so. */
export async function lookupInvitation(input: { token: string; now?: Date }): Promise<InvitationOffer> {
  const invitation = await findByToken(input.token);
  const status = invitationStatus(invitation, input.now);
  const existingUser = status === 'pending' ? (await db.user.count({ where: { email: invitation.email } })) > 0 : false;
  return {
    organizationName: invitation.organization.name,
    email: invitation.email,
    role: invitation.role,
    status,
    existingUser,
    expiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    message: status === 'pending' ? null : UNUSABLE[status],
  };
}


/**
 * Takes the invitation: creates the user (new email) or checks the existing user's password,
 * adds the membership, and marks the invitation used, all or nothing. Two acceptances of one
 * link race on the row lock: the second finds it used.
 */
export async function acceptInvitation(input: { token: string; name?: string; password: string; now?: Date; address?: string | null }) {
  const now = input.now ?? new Date();
  const found = await findByToken(input.token);
  const before = invitationStatus(found, now);
  if (before !== 'pending') throw new AppError('invitation_unusable', UNUSABLE[before]);

  const existing = await db.user.findUnique({ where: { email: found.email }, select: { id: true, passwordHash: true, disabledAt: true } });
  let newPasswordHash: string | undefined;
  if (existing) {
    const valid = await verifyPassword(input.password, existing.passwordHash);
    if (!valid || existing.disabledAt) {
      throw new AppError('validation_failed', 'The password is not right', { issues: [{ path: 'password', message: `Enter the password of ${found.email}` }] });
    }
  } else {
    const issues = [];
    if (!input.name) issues.push({ path: 'name', message: 'Enter your name' });
    const password = ZNewPassword.safeParse(input.password);
    if (!password.success) issues.push(...zodIssues(password.error).map((issue) => ({ ...issue, path: 'password' })));
    if (issues.length > 0) throw new AppError('validation_failed', 'Choose a name and a password', { issues });
    newPasswordHash = await hashPassword(input.password);
  }

  return db.$transaction(async (tx) => {
    // Lock the invitation: of two acceptances at once, one wins.
    const locked = await tx.$queryRaw<{ acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }[]>`
      select "acceptedAt", "revokedAt", "expiresAt" from "Invitation" where id = ${found.id} for update`;
    const status = locked[0] ? invitationStatus(locked[0], now) : 'revoked';
    if (status !== 'pending') throw new AppError('invitation_unusable', UNUSABLE[status]);
    let userId: string;
    if (existing) {
      userId = existing.id;
    } else {
      // create, never upsert: an account made since the check above must prove its password.
      const user = await tx.user
        .create({ data: { id: createId('usr'), email: found.email, name: input.name, passwordHash: newPasswordHash! }, select: { id: true } })
        .catch((error: unknown) => {
          if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
            throw new AppError('conflict', `An account for ${found.email} was just created: enter its password instead`);
          }
          throw error;
        });
      userId = user.id;
    }
    // Someone already a member keeps their role: an invitation never lowers one.
    await tx.membership.upsert({
      where: { userId_organizationId: { userId, organizationId: found.organizationId } },
      create: { id: createId('mem'), userId, organizationId: found.organizationId, role: found.role },
      update: {},
    });
    await tx.invitation.update({ where: { id: found.id }, data: { acceptedAt: now, acceptedById: userId } });
    await recordAudit(tx, {
      organizationId: found.organizationId,
      source: { actor: { type: 'user', id: userId, label: found.email }, address: input.address ?? null },
      action: 'invitation.accepted',
      target: { type: 'invitation', id: found.id },
      changes: { email: found.email, role: found.role, newUser: !existing },
    });
    return { email: found.email, organizationId: found.organizationId, organizationName: found.organization.name, role: found.role, newUser: !existing };
  });
}
