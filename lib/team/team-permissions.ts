import 'server-only';
import type { Caller } from '../auth/resolve-caller';
import type { Role } from '../auth/scopes';
import { AppError } from '../errors';

// Who may manage whom (docs/security-model.md#team-and-roles): owners manage everyone,
// admins manage admins and viewers and may grant only those roles, viewers manage nobody.
// Members and invitations are console-only: an API key never manages people.

/** Who manages: a console user, or the operator's CLI (no user, acting as an owner). */
export type TeamManager = { userId: string | null; role: Role; organizationId: string };

export function assertCanManageTeam(caller: Caller, action: 'list' | 'change'): TeamManager {
  if (caller.kind !== 'user') throw new AppError('forbidden', 'Members and invitations are managed in the console, not with API keys');
  if (caller.role === 'viewer') {
    throw new AppError('forbidden', action === 'list' ? 'Only owners and admins see the team' : 'Viewers cannot change the team');
  }
  return { userId: caller.userId, role: caller.role, organizationId: caller.organization.id };
}

/** May `actor` give someone `role` (invite with it, or change to it)? */
export function assertCanGrant(actor: Role, role: Role): void {
  if (actor === 'owner') return;
  if (actor === 'admin' && role !== 'owner') return;
  throw new AppError('forbidden', actor === 'admin' ? 'Only an owner can make someone an owner' : 'Viewers cannot change the team');
}

/** May `actor` change or remove a member who now has `memberRole`? */
export function assertCanManageMember(actor: Role, memberRole: Role): void {
  if (actor === 'owner') return;
  if (actor === 'admin' && memberRole !== 'owner') return;
  throw new AppError('forbidden', actor === 'admin' ? 'Only an owner can change or remove an owner' : 'Viewers cannot change the team');
}
