import type { Caller } from './resolve-caller';
import type { Scope } from './scopes';

/** Who is asking, as far as moving event data and secrets is concerned (docs/security-model.md#one-rule). */
export type FlowAuthority = {
  scopes: readonly Scope[];
  /**
   * Organizations other than the caller's own in which it holds webhooks:write: a console
   * owner or admin of a parent organization acts in its sub-organizations. API keys act in
   * their own organization only.
   */
  writableOrganizationIds: readonly string[];
};

export function flowAuthorityOf(caller: Caller): FlowAuthority {
  if (caller.kind === 'apiKey') return { scopes: caller.scopes, writableOrganizationIds: [] };
  return {
    scopes: caller.scopes,
    writableOrganizationIds: caller.organizations.filter((organization) => organization.role !== 'viewer').map((organization) => organization.id),
  };
}
