-- Expunge (docs/security-model.md#expunge) also replaces a person's email where it is the
-- actor's label of an audit row. The append-only trigger's `redact` mode allowed only
-- `changes` to change; now `actorLabel` may change too, and only to "[expunged]". Every
-- other column must still stay as it was, and outside the two maintenance modes nothing
-- changes. The previous release only ever redacted `changes`, which this still allows.
CREATE OR REPLACE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
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
     AND (NEW."actorLabel" IS NOT DISTINCT FROM OLD."actorLabel" OR NEW."actorLabel" = '[expunged]')
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
