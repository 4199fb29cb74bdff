import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { AppError } from '@/lib/http/app-error';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// API keys are managed by people in the console, not by other keys.
export const GET = route({ auth: 'any' }, ({ caller }) => {
  if (caller.kind !== 'user') throw new AppError('forbidden', 'API keys are managed in the console');
  return listApiKeys({ organizationId: caller.organization.id });
});
