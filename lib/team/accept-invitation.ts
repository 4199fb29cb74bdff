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

// The invitation page: what a link offers (lookup), and taking it (accept). An invitation
// has the inviter's copy of the link and, when it was mailed, a second link only the
// mailbox saw (lib/team/invitations.ts). Following the mailed link proves the address; the
// copy proves nothing but holding it. So (docs/security-model.md#team-and-roles):
// - a new email: the holder chooses a name and password; through the copy, the account is
//   marked unconfirmed (`emailUnverifiedAt`) and belongs to the inviting organization only;
// - an existing, confirmed account proves itself with its password, so a forwarded link
//   cannot join someone else's account to an organization;
// - an unconfirmed account cannot be joined through another copied link (409): its
//   password was chosen by a link holder, not necessarily by the address's owner;
// - an unconfirmed account and a mailed link: the address's owner chooses name and
//   password; the old password and every session made with it end, and it is confirmed.
// Attempts are rate-limited per address by the route.

type Proof = 'mailed' | 'copied';

async function findByToken(token: string) {
  const hash = hashInvitationToken(token);
  const invitation = await db.invitation.findFirst({
    where: { OR: [{ tokenHash: hash }, { mailedTokenHash: hash }] },
    select: {
      id: true,
      tokenHash: true,
      mailedTokenHash: true,
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
  if (invitation && invitationTokenMatches(token, invitation.tokenHash)) return { ...invitation, proof: 'copied' as Proof };
  if (invitation?.mailedTokenHash && invitationTokenMatches(token, invitation.mailedTokenHash)) return { ...invitation, proof: 'mailed' as Proof };
  throw new AppError('invitation_not_found', 'This invitation link is not valid: check that it was copied whole');
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
  const account = status === 'pending' ? await db.user.findUnique({ where: { email: invitation.email }, select: { emailUnverifiedAt: true } }) : null;
  // An unconfirmed account reached by its mailed link is taken over by the address's owner: a new password.
  const existingUser = account !== null && !(account.emailUnverifiedAt && invitation.proof === 'mailed');
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
 * Takes the invitation: creates the user (new email), checks the existing user's password,
 * or gives an unconfirmed account to the address's owner (mailed link); adds the
 * membership and marks the invitation used, all or nothing. Two acceptances of one link
 * race on the row lock: the second finds it used.
 */
export async function acceptInvitation(input: { token: string; name?: string; password: string; now?: Date; address?: string | null }) {
  const now = input.now ?? new Date();
  const found = await findByToken(input.token);
  const before = invitationStatus(found, now);
  if (before !== 'pending') throw new AppError('invitation_unusable', UNUSABLE[before]);

  const existing = await db.user.findUnique({ where: { email: found.email }, select: { id: true, passwordHash: true, disabledAt: true, emailUnverifiedAt: true } });
  const claim = existing !== null && existing.emailUnverifiedAt !== null && found.proof === 'mailed';
  let newPasswordHash: string | undefined;
  if (existing && !claim) {
    const valid = await verifyPassword(input.password, existing.passwordHash);
    if (!valid || existing.disabledAt) {
      throw new AppError('validation_failed', 'The password is not right', { issues: [{ path: 'password', message: `Enter the password of ${found.email}` }] });
    }
    // Said only to whoever knows the password: the account's state is theirs to know.
    if (existing.emailUnverifiedAt) {
      throw new AppError(
        'conflict',
        `The account of ${found.email} was made through a copied invitation link, so its address is not confirmed yet and it joins no other organization that way: ask for an invitation sent by email, whose link confirms the address`,
      );
    }
  } else {
    if (existing?.disabledAt) {
      throw new AppError('validation_failed', 'The password is not right', { issues: [{ path: 'password', message: `Enter the password of ${found.email}` }] });
    }
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
    if (claim && existing) {
      // Only while still unconfirmed: a confirmation in between leaves the account alone.
      const { count } = await tx.user.updateMany({
        where: { id: existing.id, emailUnverifiedAt: { not: null } },
        data: { name: input.name, passwordHash: newPasswordHash!, emailUnverifiedAt: null, sessionVersion: { increment: 1 } },
      });
      if (count === 0) throw new AppError('conflict', `The account of ${found.email} was just confirmed: enter its password instead`);
      // Whoever chose the old password is signed out everywhere.
      await tx.session.updateMany({ where: { userId: existing.id, revokedAt: null }, data: { revokedAt: now } });
      userId = existing.id;
    } else if (existing) {
      userId = existing.id;
    } else {
      // create, never upsert: an account made since the check above must prove its password.
      const user = await tx.user
        .create({
          data: { id: createId('usr'), email: found.email, name: input.name, passwordHash: newPasswordHash!, emailUnverifiedAt: found.proof === 'copied' ? now : null },
          select: { id: true },
        })
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
      changes: { email: found.email, role: found.role, newUser: !existing, link: found.proof, ...(claim ? { account: 'unconfirmed: password replaced by the address owner, sessions ended' } : {}) },
    });
    return { email: found.email, organizationId: found.organizationId, organizationName: found.organization.name, role: found.role, newUser: !existing };
  });
}
