-- The audit log (lib/audit/): one row per change made through the console, an API key or
-- the CLI, written in the same transaction as the change.

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "changes" JSONB,
    "address" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_id_idx" ON "AuditEntry"("organizationId", "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_action_id_idx" ON "AuditEntry"("organizationId", "action", "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_targetId_id_idx" ON "AuditEntry"("organizationId", "targetId", "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_actorId_id_idx" ON "AuditEntry"("organizationId", "actorId", "id" DESC);

-- Append-only, enforced by the database (docs/security-model.md#audit-log): any UPDATE or
-- DELETE is refused unless the transaction declared itself one of the two jobs allowed to
-- touch old rows, with `set local tidings.audit_maintenance = 'prune' | 'redact'`:
--   prune  (lib/audit/prune-audit-log.ts): DELETE of rows older than the retention;
--   redact (lib/events/expunge-events.ts): UPDATE of "changes" only, every other column kept.
-- TRUNCATE is refused too. The application has one database role, so REVOKE could not tell
-- the application's own bugs from its jobs; the trigger catches every code path (Prisma,
-- raw SQL, cascades) and names the rule in the error.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mode text := coalesce(current_setting('tidings.audit_maintenance', true), '');
BEGIN
  IF TG_OP = 'DELETE' AND mode = 'prune' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND mode = 'redact'
     AND NEW."id" = OLD."id"
     AND NEW."organizationId" IS NOT DISTINCT FROM OLD."organizationId"
     AND NEW."actorType" = OLD."actorType"
     AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId"
     AND NEW."actorLabel" IS NOT DISTINCT FROM OLD."actorLabel"
     AND NEW."action" = OLD."action"
     AND NEW."targetType" = OLD."targetType"
     AND NEW."targetId" IS NOT DISTINCT FROM OLD."targetId"
     AND NEW."address" IS NOT DISTINCT FROM OLD."address"
     AND NEW."createdAt" = OLD."createdAt" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();
