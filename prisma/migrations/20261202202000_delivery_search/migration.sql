-- Delivery search (docs/architecture.md#delivery-search).

-- Text inside the payload: a full-text index of the event data's string and number values
-- ('simple' configuration: no stemming, no stop words, so emails, names and order numbers
-- are kept as written, lower-cased). A trigram index (pg_trgm) would also find any
-- substring, but measured 2 to 4 times this index's write cost per event (README, Performance).
CREATE INDEX "Event_data_search_idx" ON "Event" USING GIN (jsonb_to_tsvector('simple'::regconfig, data, '["string", "numeric"]'::jsonb));

-- By form and by resource.
CREATE INDEX "Event_formId_idx" ON "Event"("formId");

CREATE INDEX "Event_resourceId_idx" ON "Event"("resourceId");
