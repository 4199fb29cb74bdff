import 'server-only';
import { db } from '../db';
import { decodeCursor, pageOf } from '../http/cursor';

export const FORM_SELECT = { id: true, externalId: true, name: true, status: true, createdAt: true, updatedAt: true } as const;

export function serializeForm(form: { id: string; externalId: string | null; name: string; status: string; createdAt: Date; updatedAt: Date }) {
  return {
    formId: form.id,
    externalId: form.externalId,
    name: form.name,
    status: form.status,
    createdAt: Math.floor(form.createdAt.getTime() / 1000),
    updatedAt: Math.floor(form.updatedAt.getTime() / 1000),
  };
}

export type FormResource = ReturnType<typeof serializeForm>;

export async function listForms(input: { organizationId: string; limit: number; cursor?: string }) {
  const before = decodeCursor(input.cursor);
  const rows = await db.form.findMany({
    where: { organizationId: input.organizationId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
    select: FORM_SELECT,
  });
  const { rows: page, nextCursor } = pageOf(rows, input.limit);
  return { data: page.map(serializeForm), nextCursor };
}
