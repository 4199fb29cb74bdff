-- Authority follows the data (docs/security-model.md#one-rule). Expand only: nullable
-- columns without defaults, so the previous release's code, which neither reads nor writes
-- them, keeps working; null means "not recorded" and is read as the old behaviour.

-- The event scopes of whoever last changed how or where a webhook sends (a JSON array).
ALTER TABLE "Webhook" ADD COLUMN "flowScopes" JSONB;

-- The event scopes of a portal link's maker, and when a view of it was last audited.
ALTER TABLE "PortalLink" ADD COLUMN "scopes" JSONB;
ALTER TABLE "PortalLink" ADD COLUMN "viewAuditedAt" TIMESTAMP(3);
