import { z } from 'zod';

// Shared by the portal-links route and the console's "Share a portal link" form, so it
// stays free of server-only imports.

/** 30 days: a link is for an integrator's debugging session, not a standing credential. */
export const PORTAL_LINK_MAX_HOURS = 720;

export const ZCreatePortalLink = z.strictObject({
  expiresInHours: z
    .number({ error: `expiresInHours is a whole number of hours from 1 to ${PORTAL_LINK_MAX_HOURS}` })
    .int(`expiresInHours is a whole number of hours from 1 to ${PORTAL_LINK_MAX_HOURS}`)
    .min(1, 'expiresInHours is at least 1')
    .max(PORTAL_LINK_MAX_HOURS, `expiresInHours is at most ${PORTAL_LINK_MAX_HOURS} (30 days)`)
    .default(24),
  allowResend: z.boolean({ error: 'allowResend is true or false' }).default(false),
});

export type CreatePortalLinkInput = z.input<typeof ZCreatePortalLink>;
