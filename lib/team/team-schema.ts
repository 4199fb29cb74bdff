import { z } from 'zod';

// bcrypt reads 72 bytes (lib/auth/password.ts MAX_PASSWORD_BYTES); not imported, so the
// browser bundle stays free of bcrypt.
const MAX_PASSWORD_BYTES = 72;

// Schemas of the Team page, the invitation page and the account page, shared by the
// routes and the console forms.

export const ROLES = ['owner', 'admin', 'viewer'] as const;

const ZRole = z.enum(ROLES, { error: 'role is owner, admin or viewer' });

const ZEmail = z
  .string({ error: 'Enter an email address' })
  .trim()
  .max(254, 'Email addresses are at most 254 characters')
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

/** A new password: 8 characters to what bcrypt reads (lib/auth/password.ts). */
export const ZNewPassword = z
  .string({ error: 'Enter a password' })
  .min(8, 'Passwords are at least 8 characters')
  .refine((password) => new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES, {
    message: `Passwords are at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`,
  });

export const ZInviteMember = z.strictObject({ email: ZEmail, role: ZRole });
export type InviteMemberInput = z.input<typeof ZInviteMember>;

export const ZChangeMemberRole = z.strictObject({ role: ZRole });
export type ChangeMemberRoleInput = z.input<typeof ZChangeMemberRole>;

// Tokens are `tdi_` and 43 base64url characters; anything else names no invitation.
const ZInvitationToken = z.string({ error: 'token is the invitation link’s token' }).min(1, 'token is required').max(200, 'token is too long');

export const ZLookupInvitation = z.strictObject({ token: ZInvitationToken });

export const ZAcceptInvitation = z.strictObject({
  token: ZInvitationToken,
  // Only for a new user; an existing user keeps their name.
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Names are at most 100 characters').optional(),
  // A new user's new password, or an existing user's current one.
  password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password').max(200, 'Passwords are at most 200 characters'),
});
export type AcceptInvitationInput = z.input<typeof ZAcceptInvitation>;

export const ZChangePassword = z
  .strictObject({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(200),
    newPassword: ZNewPassword,
  })
  .superRefine((value, context) => {
    if (value.currentPassword === value.newPassword) {
      context.addIssue({ code: 'custom', path: ['newPassword'], message: 'Choose a password different from the current one' });
    }
  });
export type ChangePasswordInput = z.input<typeof ZChangePassword>;
