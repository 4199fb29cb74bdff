import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as memberRoute from '../app/api/v1/members/[id]/route';
import * as membersRoute from '../app/api/v1/members/route';
import * as invitationRoute from '../app/api/v1/invitations/[id]/route';
import * as invitationsRoute from '../app/api/v1/invitations/route';
import * as acceptRoute from '../app/api/v1/invitations/accept/route';
import * as lookupRoute from '../app/api/v1/invitations/lookup/route';
import * as passwordRoute from '../app/api/auth/password/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import { findLiveSessionUser, startConsoleSession } from '../lib/auth/console-sessions';
import { createUser } from '../lib/auth/create-user';
import { authenticateWithPassword } from '../lib/auth/auth-options';
import { resolveSessionCaller } from '../lib/auth/resolve-caller';
import { listAccessibleOrganizations } from '../lib/organizations/accessible-organizations';
import { db } from '../lib/db';
import { stampClientAddress } from '../lib/http/client-address';
import { createInvitation } from '../lib/team/invitations';
import { call, createOrganization } from './support/fixtures';
import { startSmtpReceiver } from './support/smtp-receiver';

// Issue 16: invitations (single use, expiring, revocable, stored as a hash, mailed through a
// real SMTP server on loopback), role rules (owners manage everyone, admins admins and viewers,
// the last owner stays), and changes that apply on the member's very next request. The
// console-only routes need a session: getServerSession is the one thing replaced, by the
// session of a real user (the route wrapper, Origin and role checks are the product's).

const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number; sid: string } }));
vi.mock('next-auth', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return { ...real, getServerSession: async () => session.current };
});

type Handler = Parameters<typeof call>[0];
type Person = { id: string; email: string; password: string; claims: { uid: string; sv: number; sid: string } };

const ORIGIN = 'http://localhost';
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let organization: { id: string; name: string };
let other: { id: string; name: string };
let owner: Person;
let admin: Person;
let otherAdmin: Person;

async function person(organizationId: string, email: string, role: 'owner' | 'admin' | 'viewer'): Promise<Person> {
  const password = `${email.split('@')[0]}-password`;
  const user = await createUser({ organizationId, email, password, role });
  const current = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  return { id: user.id, email, password, claims: { uid: user.id, sv: current.sessionVersion, sid: await startConsoleSession({ userId: user.id }) } };
}

/** A console request of `who` (null: nobody signed in), same-origin like the console's own. */
function as(who: Person | null, handler: Handler, input: { method?: string; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}) {
  session.current = who ? who.claims : null;
  return call(handler, { ...input, headers: { host: 'localhost', origin: ORIGIN, ...input.headers } });
}

const roleOf = (caller: Awaited<ReturnType<typeof resolveSessionCaller>>) => (caller?.kind === 'user' ? caller.role : null);
const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  organization = await createOrganization({ slug: 'team-org', name: 'Team Org' });
  other = await createOrganization({ slug: 'team-other', name: 'Team Other' });
  owner = await person(organization.id, 'owner@team.example', 'owner');
  admin = await person(organization.id, 'admin@team.example', 'admin');
  otherAdmin = await person(other.id, 'other-admin@team.example', 'admin');
});

afterAll(async () => {
  await smtp.stop();
});

describe('invitations', () => {
  it('an admin invites a viewer: the link is shown once, mailed through SMTP, stored only as a hash; accepting it makes a user who can sign in', async () => {
    const invited = await as(admin, invitationsRoute.POST, { method: 'POST', body: { email: 'New.Viewer@Team.example', role: 'viewer' } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.emailed).toBe(true);
    expect(invited.body.invitation).toMatchObject({ email: 'new.viewer@team.example', role: 'viewer', status: 'pending', invitedBy: admin.email });
    const url: string = invited.body.url;
    expect(url).toMatch(/^http:\/\/localhost\/invitation#tdi_[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(url);

    // The message really arrived at the loopback SMTP server, with the link.
    await vi.waitFor(() => expect(smtp.received.some((mail) => mail.to.includes('new.viewer@team.example'))).toBe(true));
    const mail = smtp.received.find((entry) => entry.to.includes('new.viewer@team.example'))!;
    expect(mail.subject).toContain('Team Org');
    // The mail's link is its own (following it proves the address), not the inviter's copy.
    expect(mail.text).toMatch(/http:\/\/localhost\/invitation#tdi_[A-Za-z0-9_-]{43}/);
    expect(mail.text).not.toContain(url);
    console.log(`SMTP on loopback received "${mail.subject}" for ${mail.to.join(', ')} with a link of its own`);

    // Only the SHA-256 of the token is stored, in no column in clear.
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invited.body.invitation.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(4, 20));

    const listed = await as(admin, invitationsRoute.GET);
    expect(listed.body.data.map((entry: { id: string }) => entry.id)).toContain(row.id);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const offer = await as(null, lookupRoute.POST, { method: 'POST', body: { token } });
    expect(offer.status).toBe(200);
    expect(offer.body).toMatchObject({ organizationName: 'Team Org', role: 'viewer', email: 'new.viewer@team.example', status: 'pending', existingUser: false });

    const missingName = await as(null, acceptRoute.POST, { method: 'POST', body: { token, password: 'viewer-password-1' } });
    expect(missingName.status).toBe(400);
    expect(missingName.body.error.issues.map((issue: { path: string }) => issue.path)).toContain('name');
    const shortPassword = await as(null, acceptRoute.POST, { method: 'POST', body: { token, name: 'Vera Viewer', password: 'short' } });
    expect(shortPassword.status).toBe(400);

    const accepted = await as(null, acceptRoute.POST, { method: 'POST', body: { token, name: 'Vera Viewer', password: 'viewer-password-1' } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ email: 'new.viewer@team.example', organizationId: organization.id, role: 'viewer', newUser: true });
    const user = await db.user.findUniqueOrThrow({ where: { email: 'new.viewer@team.example' }, include: { memberships: true } });
    expect(user.name).toBe('Vera Viewer');
    expect(user.memberships).toEqual([expect.objectContaining({ organizationId: organization.id, role: 'viewer' })]);
    // The password chosen is the one sign-in accepts.
    const signedIn = await authenticateWithPassword({ email: 'new.viewer@team.example', password: 'viewer-password-1' }, stampClientAddress('203.0.113.5', process.env.NEXTAUTH_SECRET!));
    expect(signedIn).toMatchObject({ id: user.id });

    // Single use: the same link again is refused with a clear message, and names the reason.
    const again = await as(null, acceptRoute.POST, { method: 'POST', body: { token, name: 'Someone Else', password: 'another-password-1' } });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invitation_unusable');
    expect(again.body.error.message).toContain('already been used');
    const used = await as(null, lookupRoute.POST, { method: 'POST', body: { token } });
    expect(used.body).toMatchObject({ status: 'accepted' });
    expect(used.body.message).toContain('already been used');
    expect((await as(admin, invitationsRoute.GET)).body.data.map((entry: { id: string }) => entry.id)).not.toContain(row.id);
    console.log('accepted once → member viewer; the same link again → 410 "already been used"');
  });

  it('an expired link and a revoked link show why and add no one; an unknown token is 404', async () => {
    const manager = { userId: owner.id, role: 'owner' as const, organizationId: organization.id };
    const longAgo = new Date(Date.now() - 73 * 60 * 60 * 1000);
    const expired = await createInvitation({ manager, email: 'late@team.example', role: 'viewer', baseUrl: ORIGIN, now: longAgo });
    const expiredAccept = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(expired.url), name: 'Late', password: 'late-password-1' } });
    expect(expiredAccept.status).toBe(410);
    expect(expiredAccept.body.error.message).toContain('expired');
    // TIDINGS_INVITE_HOURS (72 by default) from creation.
    const row = await db.invitation.findUniqueOrThrow({ where: { id: expired.invitation.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(72 * 60 * 60 * 1000);

    const revokedInvite = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'withdrawn@team.example', role: 'admin' } });
    expect(revokedInvite.status).toBe(201);
    const revoked = await as(owner, invitationRoute.DELETE, { method: 'DELETE', params: { id: revokedInvite.body.invitation.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const revokedAccept = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(revokedInvite.body.url), name: 'W', password: 'withdrawn-password-1' } });
    expect(revokedAccept.status).toBe(410);
    expect(revokedAccept.body.error.message).toContain('withdrawn');
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(revokedInvite.body.url) } })).body.status).toBe('revoked');

    for (const token of ['tdi_' + 'A'.repeat(43), 'nonsense', tokenOf(revokedInvite.body.url).slice(0, -1)]) {
      const response = await as(null, acceptRoute.POST, { method: 'POST', body: { token, name: 'X', password: 'whatever-password' } });
      expect(response.status, token).toBe(404);
      expect(response.body.error.code).toBe('invitation_not_found');
    }
    expect(await db.user.count({ where: { email: { in: ['late@team.example', 'withdrawn@team.example'] } } })).toBe(0);

    // Inviting again replaces the pending link: the first stops working.
    const first = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'twice@team.example', role: 'viewer' } });
    const second = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'twice@team.example', role: 'viewer' } });
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(first.body.url) } })).body.status).toBe('revoked');
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(second.body.url) } })).body.status).toBe('pending');
  });

  it('an existing user accepts with their own password only, and then has both organizations', async () => {
    const invited = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: otherAdmin.email, role: 'viewer' } });
    const token = tokenOf(invited.body.url);
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token } })).body.existingUser).toBe(true);
    const wrong = await as(null, acceptRoute.POST, { method: 'POST', body: { token, password: 'not-their-password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe('password');
    expect(await db.membership.count({ where: { userId: otherAdmin.id } })).toBe(1);
    const right = await as(null, acceptRoute.POST, { method: 'POST', body: { token, password: otherAdmin.password, name: 'Ignored' } });
    expect(right.status).toBe(200);
    expect(right.body.newUser).toBe(false);
    const organizations = await listAccessibleOrganizations(otherAdmin.id);
    expect(organizations.map((entry) => [entry.name, entry.role]).sort()).toEqual([['Team Org', 'viewer'], ['Team Other', 'admin']]);
    // The existing password still works; the name the link holder typed changed nothing.
    expect((await db.user.findUniqueOrThrow({ where: { id: otherAdmin.id } })).name).toBeNull();
  });

  it('two acceptances of one link at once: one joins, the other is told it was used', async () => {
    const invited = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'racer@team.example', role: 'viewer' } });
    const token = tokenOf(invited.body.url);
    const results = await Promise.all(
      ['Racer One', 'Racer Two'].map((name) => {
        session.current = null;
        return call(acceptRoute.POST, { method: 'POST', body: { token, name, password: 'racer-password-1' }, headers: { host: 'localhost', origin: ORIGIN } });
      }),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 410]);
    expect(await db.user.count({ where: { email: 'racer@team.example' } })).toBe(1);
    expect(await db.membership.count({ where: { user: { email: 'racer@team.example' } } })).toBe(1);
  });

  it('an admin cannot invite an owner; a viewer and an API-key-less stranger cannot invite at all; inviting a member is 409', async () => {
    const asOwner = await as(admin, invitationsRoute.POST, { method: 'POST', body: { email: 'boss@team.example', role: 'owner' } });
    expect(asOwner.status).toBe(403);
    const viewer = await person(organization.id, 'plain-viewer@team.example', 'viewer');
    expect((await as(viewer, invitationsRoute.POST, { method: 'POST', body: { email: 'x@team.example', role: 'viewer' } })).status).toBe(403);
    expect((await as(viewer, invitationsRoute.GET)).status).toBe(403);
    expect((await as(viewer, membersRoute.GET)).status).toBe(403);
    expect((await as(null, invitationsRoute.GET)).status).toBe(401);
    expect((await as(admin, invitationsRoute.POST, { method: 'POST', body: { email: owner.email, role: 'viewer' } })).status).toBe(409);
    // Another origin cannot make the console invite.
    const crossSite = await as(admin, invitationsRoute.POST, { method: 'POST', body: { email: 'csrf@team.example', role: 'viewer' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('origin_mismatch');
    const ownerInvite = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'boss@team.example', role: 'owner' } });
    expect(ownerInvite.status).toBe(201);
    // ...and an admin cannot revoke the owner's invitation either.
    expect((await as(admin, invitationRoute.DELETE, { method: 'DELETE', params: { id: ownerInvite.body.invitation.id } })).status).toBe(403);
    expect(await db.invitation.count({ where: { email: { in: ['x@team.example', 'csrf@team.example'] } } })).toBe(0);
  });
});

describe('accounts are not pre-registered through an invitation', () => {
  /** The link as mailed to `email` (the newest mail to it). */
  async function mailedLink(email: string): Promise<string> {
    await vi.waitFor(() => expect(smtp.received.some((mail) => mail.to.includes(email))).toBe(true));
    const mail = smtp.received.filter((entry) => entry.to.includes(email)).at(-1)!;
    return mail.text.match(/http\S+\/invitation#tdi_[A-Za-z0-9_-]{43}/)![0];
  }
  const signIn = (email: string, password: string) =>
    authenticateWithPassword({ email, password }, stampClientAddress('203.0.113.9', process.env.NEXTAUTH_SECRET!));

  it('the mailed link differs from the copied one; following the mailed link proves the address', async () => {
    const invited = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'mailed@team.example', role: 'viewer' } });
    expect(invited.status).toBe(201);
    const mailed = await mailedLink('mailed@team.example');
    // The inviter's copy is not the mailed link: holding the copy proves nothing about the mailbox.
    expect(tokenOf(mailed)).not.toBe(tokenOf(invited.body.url));
    const accepted = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(mailed), name: 'Mae Mailed', password: 'mailed-password-1' } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { email: 'mailed@team.example' } })).emailUnverifiedAt).toBeNull();
    // One invitation, one use: the copied link of it is used up too.
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(invited.body.url) } })).body.status).toBe('accepted');
  });

  it('a copied link makes an unconfirmed account of the inviting organization only: another organization cannot add it by a copied link; the mailed link gives the account to the address', async () => {
    const email = 'claimed@team.example';
    // The inviter (or whoever got the copied link) accepts it and chooses the password.
    const first = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email, role: 'viewer' } });
    const taken = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(first.body.url), name: 'Not Them', password: 'link-holder-password' } });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const account = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(account.emailUnverifiedAt).not.toBeNull();
    expect(account.memberships.map((membership) => membership.organizationId)).toEqual([organization.id]);
    const holder = await signIn(email, 'link-holder-password');
    expect(holder).toMatchObject({ id: account.id });

    // Another organization invites the same address: its copied link does not join that account.
    const otherOwner = await person(other.id, 'other-owner@team.example', 'owner');
    const second = await as(otherOwner, invitationsRoute.POST, { method: 'POST', body: { email, role: 'admin' } });
    expect(second.status).toBe(201);
    const refused = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(second.body.url), password: 'link-holder-password' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/not confirmed/);
    expect(refused.body.error.message).toMatch(/sent by email/);
    expect(await db.membership.count({ where: { userId: account.id, organizationId: other.id } })).toBe(0);
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(second.body.url) } })).body.status).toBe('pending');

    // The mailed link reaches the address's owner: they choose the password; the link holder's is gone.
    const mailed = await mailedLink(email);
    const offer = await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(mailed) } });
    expect(offer.body).toMatchObject({ status: 'pending', existingUser: false });
    const claimed = await as(null, acceptRoute.POST, { method: 'POST', body: { token: tokenOf(mailed), name: 'The Real One', password: 'address-owner-password' } });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    const after = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(after.id).toBe(account.id);
    expect(after.emailUnverifiedAt).toBeNull();
    expect(after.sessionVersion).toBeGreaterThan(account.sessionVersion);
    expect(await signIn(email, 'link-holder-password')).toBeNull();
    expect(await signIn(email, 'address-owner-password')).toMatchObject({ id: account.id });
    expect(after.memberships.map((membership) => [membership.organizationId, membership.role]).sort()).toEqual(
      [[organization.id, 'viewer'], [other.id, 'admin']].sort(),
    );
  });

  it('an admin can neither revoke nor replace an owner-role invitation', async () => {
    const ownerInvite = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'next-owner@team.example', role: 'owner' } });
    expect(ownerInvite.status).toBe(201);
    // Re-inviting the same email as viewer would cancel the owner's invitation.
    const replaced = await as(admin, invitationsRoute.POST, { method: 'POST', body: { email: 'next-owner@team.example', role: 'viewer' } });
    expect(replaced.status).toBe(403);
    expect(replaced.body.error.message).toBe("Only an owner can replace an owner's invitation");
    const revoked = await as(admin, invitationRoute.DELETE, { method: 'DELETE', params: { id: ownerInvite.body.invitation.id } });
    expect(revoked.status).toBe(403);
    expect(revoked.body.error.message).toBe("Only an owner can revoke an owner's invitation");
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: tokenOf(ownerInvite.body.url) } })).body).toMatchObject({ status: 'pending', role: 'owner' });
    expect(await db.invitation.count({ where: { email: 'next-owner@team.example' } })).toBe(1);
    // The owner may.
    expect((await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'next-owner@team.example', role: 'viewer' } })).status).toBe(201);
  });
});

describe('roles and sessions', () => {
  it('owners manage everyone, admins only admins and viewers; the last owner can be neither lowered nor removed', async () => {
    const org = await createOrganization({ slug: 'roles-org', name: 'Roles Org' });
    const boss = await person(org.id, 'boss@roles.example', 'owner');
    const deputy = await person(org.id, 'deputy@roles.example', 'admin');
    const staff = await person(org.id, 'staff@roles.example', 'viewer');
    const members = await as(deputy, membersRoute.GET);
    expect(members.status).toBe(200);
    const id = (email: string) => members.body.data.find((member: { email: string }) => member.email === email).id as string;
    expect(members.body.data.map((member: { email: string; role: string }) => `${member.email}:${member.role}`)).toEqual(['boss@roles.example:owner', 'deputy@roles.example:admin', 'staff@roles.example:viewer']);
    expect(members.body.data[0].lastSignInAt).toEqual(expect.any(Number));

    expect((await as(deputy, memberRoute.PATCH, { method: 'PATCH', params: { id: id(boss.email) }, body: { role: 'viewer' } })).status).toBe(403);
    expect((await as(deputy, memberRoute.DELETE, { method: 'DELETE', params: { id: id(boss.email) } })).status).toBe(403);
    expect((await as(deputy, memberRoute.PATCH, { method: 'PATCH', params: { id: id(staff.email) }, body: { role: 'owner' } })).status).toBe(403);
    expect((await as(staff, memberRoute.PATCH, { method: 'PATCH', params: { id: id(staff.email) }, body: { role: 'admin' } })).status).toBe(403);

    const lowerLast = await as(boss, memberRoute.PATCH, { method: 'PATCH', params: { id: id(boss.email) }, body: { role: 'admin' } });
    expect(lowerLast.status).toBe(409);
    expect(lowerLast.body.error.message).toContain('last owner');
    const removeLast = await as(boss, memberRoute.DELETE, { method: 'DELETE', params: { id: id(boss.email) } });
    expect(removeLast.status).toBe(409);

    // The viewer raised to admin: the very next request runs as admin, same session.
    session.current = staff.claims;
    expect(roleOf(await resolveSessionCaller(org.id))).toBe('viewer');
    const raised = await as(deputy, memberRoute.PATCH, { method: 'PATCH', params: { id: id(staff.email) }, body: { role: 'admin' } });
    expect(raised.status).toBe(200);
    expect(raised.body.role).toBe('admin');
    session.current = staff.claims;
    expect(roleOf(await resolveSessionCaller(org.id))).toBe('admin');

    // The owner makes the deputy an owner; now the first owner may step down.
    expect((await as(boss, memberRoute.PATCH, { method: 'PATCH', params: { id: id(deputy.email) }, body: { role: 'owner' } })).status).toBe(200);
    expect((await as(boss, memberRoute.PATCH, { method: 'PATCH', params: { id: id(boss.email) }, body: { role: 'admin' } })).status).toBe(200);
    // Lowered: the next request runs with the lower role.
    session.current = boss.claims;
    expect(roleOf(await resolveSessionCaller(org.id))).toBe('admin');
  });

  it('removing a member ends their sessions: their next request is unauthenticated', async () => {
    const org = await createOrganization({ slug: 'removal-org', name: 'Removal Org' });
    const boss = await person(org.id, 'boss@removal.example', 'owner');
    const leaving = await person(org.id, 'leaving@removal.example', 'admin');
    const open = await as(leaving, webhooksRoute.GET);
    expect(open.status).toBe(200);
    const members = (await as(boss, membersRoute.GET)).body.data as { id: string; email: string }[];
    const removed = await as(boss, memberRoute.DELETE, { method: 'DELETE', params: { id: members.find((member) => member.email === leaving.email)!.id } });
    expect(removed.status).toBe(200);
    expect(await findLiveSessionUser(leaving.claims)).toBeNull();
    const after = await as(leaving, webhooksRoute.GET);
    expect(after.status).toBe(401);
    expect(await db.membership.count({ where: { userId: leaving.id } })).toBe(0);
    console.log('removed admin: GET /webhooks 200 before, 401 on the very next request');
  });

  it("another organization's member and invitation ids answer 404 and change nothing", async () => {
    // An admin of a third organization only (the other admin joined Team Org above).
    const stranger = await person((await createOrganization({ slug: 'team-stranger' })).id, 'stranger@team.example', 'admin');
    const invited = await as(owner, invitationsRoute.POST, { method: 'POST', body: { email: 'tenancy@team.example', role: 'viewer' } });
    const memberIds = (await as(owner, membersRoute.GET)).body.data.map((member: { id: string }) => member.id) as string[];
    const before = JSON.stringify(await db.membership.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } }));
    for (const memberId of memberIds) {
      const patched = await as(stranger, memberRoute.PATCH, { method: 'PATCH', params: { id: memberId }, body: { role: 'viewer' } });
      expect(patched.status).toBe(404);
      expect(patched.body.error.code).toBe('member_not_found');
      expect((await as(stranger, memberRoute.DELETE, { method: 'DELETE', params: { id: memberId } })).status).toBe(404);
    }
    const revoke = await as(stranger, invitationRoute.DELETE, { method: 'DELETE', params: { id: invited.body.invitation.id } });
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('invitation_not_found');
    expect(JSON.stringify(await db.membership.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } }))).toBe(before);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invited.body.invitation.id } })).revokedAt).toBeNull();
    const theirList = await as(stranger, membersRoute.GET);
    expect(JSON.stringify(theirList.body)).not.toContain(owner.email);
  });
});

describe('invitation attempts are rate-limited per address', () => {
  it('30 attempts from one address in 15 minutes, then 429 with Retry-After; another address is unaffected', async () => {
    const from = (address: string) => stampClientAddress(address, process.env.NEXTAUTH_SECRET!);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1) {
      const response = await as(null, acceptRoute.POST, { method: 'POST', body: { token: `tdi_guess${attempt}`, password: 'guess-password' }, headers: from('198.51.100.7') });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    const limited = await as(null, lookupRoute.POST, { method: 'POST', body: { token: 'tdi_guess' }, headers: from('198.51.100.7') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await as(null, lookupRoute.POST, { method: 'POST', body: { token: 'tdi_guess' }, headers: from('198.51.100.8') })).status).toBe(404);
    console.log('198.51.100.7: 30 wrong tokens → 404 each, the 31st and a lookup → 429; 198.51.100.8 → still 404');
  });
});

describe('account: password change', () => {
  it('needs the current password; other sessions end, this one stays; the new password signs in', async () => {
    const org = await createOrganization({ slug: 'account-org' });
    const me = await person(org.id, 'me@account.example', 'viewer');
    const elsewhere = { ...me.claims, sid: await startConsoleSession({ userId: me.id }) };
    const wrong = await as(me, passwordRoute.POST, { method: 'POST', body: { currentPassword: 'wrong-password', newPassword: 'brand-new-password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe('currentPassword');
    const short = await as(me, passwordRoute.POST, { method: 'POST', body: { currentPassword: me.password, newPassword: 'short' } });
    expect(short.status).toBe(400);
    const changed = await as(me, passwordRoute.POST, { method: 'POST', body: { currentPassword: me.password, newPassword: 'brand-new-password' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.revokedSessions).toBe(1);
    expect(await findLiveSessionUser(me.claims)).toMatchObject({ id: me.id });
    expect(await findLiveSessionUser(elsewhere)).toBeNull();
    const user = await db.user.findUniqueOrThrow({ where: { id: me.id } });
    const { verifyPassword } = await import('../lib/auth/password');
    expect(await verifyPassword('brand-new-password', user.passwordHash)).toBe(true);
    expect(await verifyPassword(me.password, user.passwordHash)).toBe(false);
    // Not from another origin, and never with an API key.
    const crossSite = await as(me, passwordRoute.POST, { method: 'POST', body: { currentPassword: 'brand-new-password', newPassword: 'third-password-1' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
  });
});
