import 'server-only';
import { db } from '../db';
import { decodeCursor, pageOf } from '../http/cursor';
import { idFloorAt } from '../stats/id-floor';
import type { Prisma } from '../../generated/prisma/client';
import type { ListAuditLogQuery } from './audit-schema';

export { ZListAuditLogQuery, type ListAuditLogQuery } from './audit-schema';

const AUDIT_SELECT = {
  id: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  changes: true,
  address: true,
  createdAt: true,
} as const;

/** The organization's audit log, newest first; ids sort by time, so the time range is an id range too. */
export async function listAuditLog(input: { organizationId: string; query: ListAuditLogQuery }) {
  const { query } = input;
  const before = decodeCursor(query.cursor);
  const idRange: Prisma.StringFilter = {
    ...(query.since ? { gte: idFloorAt('aud', query.since) } : {}),
    ...(before || query.until ? { lt: [before, query.until ? idFloorAt('aud', query.until) : undefined].filter((value): value is string => !!value).sort()[0] } : {}),
  };
  const actor: Prisma.AuditEntryWhereInput | undefined = query.actor
    ? query.actor === 'cli'
      ? { actorType: 'cli' }
      : { OR: [{ actorId: query.actor }, { actorLabel: query.actor.toLowerCase() }, { actorLabel: query.actor }] }
    : undefined;
  const action: Prisma.AuditEntryWhereInput | undefined = query.action
    ? query.action.endsWith('.*')
      ? { action: { startsWith: query.action.slice(0, -1) } }
      : { action: query.action }
    : undefined;
  const rows = await db.auditEntry.findMany({
    where: {
      organizationId: input.organizationId,
      ...(Object.keys(idRange).length > 0 ? { id: idRange } : {}),
      ...(query.target ? { targetId: query.target } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      AND: [actor, action].filter((condition): condition is Prisma.AuditEntryWhereInput => !!condition),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    select: AUDIT_SELECT,
  });
  const { rows: page, nextCursor } = pageOf(rows, query.limit);
  return {
    data: page.map((row) => ({
      id: row.id,
      createdAt: Math.floor(row.createdAt.getTime() / 1000),
      actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
      action: row.action,
      target: { type: row.targetType, id: row.targetId },
      changes: row.changes,
      address: row.address,
    })),
    nextCursor,
  };
}

export type AuditLogItem = Awaited<ReturnType<typeof listAuditLog>>['data'][number];
