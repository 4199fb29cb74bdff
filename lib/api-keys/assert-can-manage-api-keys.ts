import 'server-only';
import type { Caller } from '../auth/resolve-caller';
import { AppError } from '../errors';

/**
 * Keys are managed by people in the console: a leaked key must not be able to mint
 * more keys or revoke the ones that would replace it, and viewers change nothing.
 */
export function assertCanManageApiKeys(caller: Caller, action: 'list' | 'change'): void {
  if (caller.kind !== 'user') throw new AppError('forbidden', 'API keys are managed in the console, not with API keys');
  if (action === 'change' && caller.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers cannot create or revoke API keys');
  }
}
