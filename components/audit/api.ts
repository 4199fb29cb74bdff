'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/api-client';
import type { AuditLogItem } from '@/lib/audit/list-audit-log';

export type { AuditLogItem };

/** What the audit log can be narrowed by (GET /api/v1/audit-log's filters). */
export type AuditFilters = { actor?: string; target?: string; action?: string; since?: string; until?: string };

export const auditKeys = {
  all: ['audit-log'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, filters] as const,
};

const PAGE_SIZE = '50';

function toQuery(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return search.toString();
}

export function useAuditLog(filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => apiFetch<Page<AuditLogItem>>(`/audit-log?${toQuery({ ...filters, cursor: pageParam, limit: PAGE_SIZE })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
