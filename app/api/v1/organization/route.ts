import { route } from '@/lib/http/route';
import { getSharedTokenStatus } from '@/lib/organizations/set-shared-token';

export const dynamic = 'force-dynamic';

// The caller's organization as the settings page shows it: its numeric account id and
// whether a shared token is set (never the token).
export const GET = route({ auth: 'webhooks:read' }, ({ caller }) => getSharedTokenStatus({ organizationId: caller.organization.id }));
