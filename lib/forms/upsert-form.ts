import 'server-only';
import { diffFields, recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { createId } from '../ids';
import type { UpsertFormData } from './form-schema';
import { FORM_SELECT, serializeForm } from './list-forms';

/**
 * Registers a form, or updates the one with the same external id (the platform can
 * send its whole form list again without creating duplicates). `created` tells 201 from 200.
 */
export async function upsertForm(input: { organizationId: string; audit?: AuditSource } & UpsertFormData) {
  const { organizationId, externalId, name, status, audit } = input;
  if (externalId) {
    const updated = await updateByExternalId({ organizationId, externalId, name, status, audit });
    if (updated) return { form: updated, created: false };
  }
  try {
    const form = await db.$transaction(async (tx) => {
      const created = await tx.form.create({
        data: { id: createId('form'), organizationId, externalId: externalId ?? null, name, status: status ?? 'published' },
        select: FORM_SELECT,
      });
      if (audit) {
        await recordAudit(tx, {
          organizationId,
          source: audit,
          action: 'form.created',
          target: { type: 'form', id: created.id },
          changes: { name: created.name, externalId: created.externalId, status: created.status },
        });
      }
      return created;
    });
    return { form: serializeForm(form), created: true };
  } catch (error) {
    // Two requests registering the same external id at once: the loser updates instead.
    if (externalId && isUniqueViolation(error)) {
      const updated = await updateByExternalId({ organizationId, externalId, name, status, audit });
      if (updated) return { form: updated, created: false };
    }
    throw error;
  }
}

async function updateByExternalId(input: { organizationId: string; externalId: string; name: string; status?: string; audit?: AuditSource }) {
  const where = { organizationId_externalId: { organizationId: input.organizationId, externalId: input.externalId } };
  return db.$transaction(async (tx) => {
    const existing = await tx.form.findUnique({ where, select: { id: true, name: true, status: true } });
    if (!existing) return null;
    const form = await tx.form.update({
      where,
      // Leaving status out keeps the current one: renaming a draft does not publish it.
      data: { name: input.name, ...(input.status ? { status: input.status } : {}) },
      select: FORM_SELECT,
    });
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: 'form.updated',
        target: { type: 'form', id: existing.id },
        changes: diffFields({ name: existing.name, status: existing.status }, { name: form.name, status: form.status }),
      });
    }
    return serializeForm(form);
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
