import 'server-only';
import { z } from 'zod';
import { recordAudit, type AuditSource } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';
import { zodIssues } from '../http/zod-issues';
import { createId } from '../ids';
import { hashPassword, MAX_PASSWORD_BYTES, passwordBytes } from './password';
import type { Role } from './scopes';

export const ZCreateUser = z.object({
  email: z.email('Enter a valid email address').transform((email) => email.trim().toLowerCase()),
  password: z
    .string()
    .min(8, 'Passwords are at least 8 characters')
    // bcrypt ignores what follows the 72nd byte: refused, never silently cut (lib/auth/password.ts).
    .refine((password) => passwordBytes(password) <= MAX_PASSWORD_BYTES, {
      message: `Passwords are at most ${MAX_PASSWORD_BYTES} bytes (UTF-8); this one is longer`,
    }),
});

/**
 * Creates the user with the role in the organization (the operator's `user create`). An
 * existing email is refused (`account_exists`): its password was chosen by someone else,
 * perhaps whoever held an invitation link, and granting that account a role would hand the
 * role to them. With `resetPassword` the operator takes the account over on purpose: the
 * password given replaces the old one, every session ends, the address counts as confirmed
 * (the operator vouches for it), and the role is granted (docs/security-model.md#team-and-roles).
 */
export async function createUser(input: { organizationId: string; email: string; password: string; role: Role; resetPassword?: boolean; audit?: AuditSource }) {
  const parsed = ZCreateUser.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.issues[0].message, { issues: zodIssues(parsed.error) });
  const passwordHash = await hashPassword(parsed.data.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
    if (existing && !input.resetPassword) {
      throw new AppError('account_exists', `An account for ${parsed.data.email} already exists, with a password someone else chose`);
    }
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { passwordHash, emailUnverifiedAt: null, sessionVersion: { increment: 1 } },
          select: { id: true, email: true },
        })
      : await tx.user.create({ data: { id: createId('usr'), email: parsed.data.email, passwordHash }, select: { id: true, email: true } });
    if (existing) await tx.session.updateMany({ where: { userId: existing.id, revokedAt: null }, data: { revokedAt: new Date() } });
    const before = await tx.membership.findUnique({ where: { userId_organizationId: { userId: user.id, organizationId: input.organizationId } }, select: { role: true } });
    await tx.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: input.organizationId } },
      create: { id: createId('mem'), userId: user.id, organizationId: input.organizationId, role: input.role },
      update: { role: input.role },
    });
    if (input.audit) {
      await recordAudit(tx, {
        organizationId: input.organizationId,
        source: input.audit,
        action: before ? 'user.role_changed' : 'user.added',
        target: { type: 'user', id: user.id },
        changes: { email: user.email, role: { before: before?.role ?? null, after: input.role }, password: 'set', account: existing ? 'existing: password replaced, sessions ended' : 'new' },
      });
    }
    return user;
  });
}
