import 'server-only';
import { db } from '../db';
import { createId } from '../ids';
import type { UpsertFormData } from './form-schema';
import { FORM_SELECT, serializeForm } from './list-forms';

/**
 * Registers a form, or updates the one with the same external id (the platform can
 * send its whole form list again without creating duplicates). `created` tells 201 from 200.
 */
export async function upsertForm(input: { organizationId: string } & UpsertFormData) {
  const { organizationId, externalId, name, status } = input;
  if (externalId) {
    const updated = await updateByExternalId({ organizationId, externalId, name, status });
    if (updated) return { form: updated, created: false };
  }
  try {
    const form = await db.form.create({
      data: { id: createId('form'), organizationId, externalId: externalId ?? null, name, status: status ?? 'published' },
      select: FORM_SELECT,
    });
    return { form: serializeForm(form), created: true };
  } catch (error) {
    // Two requests registering the same external id at once: the loser updates instead.
    if (externalId && isUniqueViolation(error)) {
      const updated = await updateByExternalId({ organizationId, externalId, name, status });
      if (updated) return { form: updated, created: false };
    }
    throw error;
  }
}

async function updateByExternalId(input: { organizationId: string; externalId: string; name: string; status?: string }) {
  const where = { organizationId_externalId: { organizationId: input.organizationId, externalId: input.externalId } };
  const existing = await db.form.findUnique({ where, select: { id: true } });
  if (!existing) return null;
  const form = await db.form.update({
    where,
    // Leaving status out keeps the current one: renaming a draft does not publish it.
    data: { name: input.name, ...(input.status ? { status: input.status } : {}) },
    select: FORM_SELECT,
  });
  return serializeForm(form);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
