import { listAuditLog, ZListAuditLogQuery } from '@/lib/audit/list-audit-log';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    auth: 'audit:read',
    query: ZListAuditLogQuery,
    openapi: {
      summary: 'The audit log: who changed what, when and from where, newest first; filters actor (user id, key id, email or `cli`), target (an id), targetType, action (`webhook.updated` or `webhook.*`), since, until (unix seconds or ISO 8601)',
      tag: 'Audit log',
    },
  },
  ({ caller, query }) => listAuditLog({ organizationId: caller.organization.id, query }),
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
