-- The delivery search indexes (20261202202000_delivery_search) again, on the day-partitioned
-- "Event": the partitioning migration rebuilt the table with its own index list and dropped
-- the old one with them. An index on the partitioned parent is created on every partition,
-- today's and those made ahead later.
CREATE INDEX "Event_data_search_idx" ON "Event" USING GIN (jsonb_to_tsvector('simple'::regconfig, data, '["string", "numeric"]'::jsonb));

CREATE INDEX "Event_formId_idx" ON "Event"("formId");

CREATE INDEX "Event_resourceId_idx" ON "Event"("resourceId");
