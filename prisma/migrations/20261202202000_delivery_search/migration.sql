-- Delivery search (docs/architecture.md#delivery-search).

-- Text inside the payload: a trigram index on the event data's text answers
-- `data::text ILIKE '%…%'`. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Event_data_text_trgm_idx" ON "Event" USING GIN ((data::text) gin_trgm_ops);

-- By form and by resource.
CREATE INDEX "Event_formId_idx" ON "Event"("formId");

CREATE INDEX "Event_resourceId_idx" ON "Event"("resourceId");
