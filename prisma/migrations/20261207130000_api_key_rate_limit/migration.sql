-- A request budget per API key, set by an owner or admin (null: TIDINGS_API_KEY_RATE_LIMIT).
-- Expand only: a nullable column the previous release neither reads nor writes.
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitPerMinute" INTEGER;
