-- Event, Delivery and Attempt partitioned by day (docs/architecture.md#retention, lib/retention/),
-- so retention drops a whole day at once (DROP TABLE: no row-by-row deletes, no vacuum debt)
-- and the disk comes back at once.
--
-- Ids are time-sortable (lib/ids.ts: prefix, 10 Crockford base32 characters of epoch ms, 16
-- random characters), so a day is a range of ids: Event and Delivery are RANGE-partitioned
-- by their own id and keep their primary keys; Attempt by its delivery's id, with the same
-- bounds, so a day's attempts sit beside that day's deliveries whenever they were made
-- (a resend weeks later still lands in its delivery's partition). Its primary key, which
-- must hold the partition key, becomes ("deliveryId", attempt), the unique key it had.
--
-- Foreign keys: every key to Organization and Webhook stays on the parents (cascades on
-- deleting a webhook or an organization are unchanged). The two keys INTO partitioned
-- tables do not: PostgreSQL refuses to drop a referenced partition, and detaching one
-- first validates every referencing row under an ACCESS EXCLUSIVE lock, a scan of the
-- whole referencing table that would stall ingestion. So:
--   Attempt -> Delivery: one key per day, "Attempt_p<day>" -> "Delivery_p<day>" (same
--     bounds), ON DELETE CASCADE as before; dropping the attempts' day first drops it.
--   Delivery -> Event: none. A delivery is created in the transaction of its event
--     (lib/events/emit.ts) and deleted with its webhook or organization; retention drops
--     a day of events one day after the deliveries of that day (a delivery made at
--     00:00:00.001 may carry the event of 23:59:59.999), so no delivery outlives its event.
-- Rows whose ids fall in no daily partition (older than the first day created here,
-- hand-made ids) go to a DEFAULT partition, which retention prunes by rows.

-- The id floor of a moment (lib/stats/id-floor.ts, in SQL).
CREATE FUNCTION "tidings_id_floor"(prefix text, at timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  alphabet CONSTANT text := '0123456789abcdefghjkmnpqrstvwxyz';
  remaining bigint := greatest(0, floor(extract(epoch FROM at) * 1000))::bigint;
  result text := '';
BEGIN
  FOR i IN 1..10 LOOP
    result := substr(alphabet, (remaining % 32)::int + 1, 1) || result;
    remaining := remaining / 32;
  END LOOP;
  RETURN prefix || '_' || result;
END;
$$;

-- The three partitions of one UTC day, and the attempts' key to their deliveries. Does
-- nothing when the day exists. Called by this migration and by the worker's maintenance
-- (lib/retention/manage-partitions.ts), days ahead of need.
CREATE FUNCTION "tidings_create_day_partitions"(day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  suffix CONSTANT text := to_char(day, 'YYYYMMDD');
  low CONSTANT timestamptz := day::timestamp AT TIME ZONE 'UTC';
  high CONSTANT timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(format('%I', 'Delivery_p' || suffix)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF "Event" FOR VALUES FROM (%L) TO (%L)',
    'Event_p' || suffix, tidings_id_floor('evt', low), tidings_id_floor('evt', high));
  EXECUTE format('CREATE TABLE %I PARTITION OF "Delivery" FOR VALUES FROM (%L) TO (%L)',
    'Delivery_p' || suffix, tidings_id_floor('msg', low), tidings_id_floor('msg', high));
  EXECUTE format('CREATE TABLE %I PARTITION OF "Attempt" FOR VALUES FROM (%L) TO (%L)',
    'Attempt_p' || suffix, tidings_id_floor('msg', low), tidings_id_floor('msg', high));
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY ("deliveryId") REFERENCES %I ("id") ON DELETE CASCADE ON UPDATE CASCADE',
    'Attempt_p' || suffix, 'Attempt_p' || suffix || '_deliveryId_fkey', 'Delivery_p' || suffix);
  RETURN true;
END;
$$;

-- The tables as they were, out of the way (their constraints and indexes renamed with them
-- or dropped: index names are global).
ALTER TABLE "Attempt" DROP CONSTRAINT "Attempt_deliveryId_fkey";
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_eventId_fkey";
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_organizationId_fkey";
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_webhookId_fkey";
ALTER TABLE "Event" DROP CONSTRAINT "Event_organizationId_fkey";
ALTER TABLE "Event" RENAME TO "Event_unpartitioned";
ALTER TABLE "Delivery" RENAME TO "Delivery_unpartitioned";
ALTER TABLE "Attempt" RENAME TO "Attempt_unpartitioned";
ALTER TABLE "Event_unpartitioned" RENAME CONSTRAINT "Event_pkey" TO "Event_unpartitioned_pkey";
ALTER TABLE "Delivery_unpartitioned" RENAME CONSTRAINT "Delivery_pkey" TO "Delivery_unpartitioned_pkey";
ALTER TABLE "Attempt_unpartitioned" RENAME CONSTRAINT "Attempt_pkey" TO "Attempt_unpartitioned_pkey";
-- PostgreSQL 18 names NOT NULL constraints after their table: free the names (none before 18).
DO $$
DECLARE
  constraint_row record;
BEGIN
  FOR constraint_row IN
    SELECT conrelid::regclass AS table_name, conname FROM pg_constraint
    WHERE contype = 'n' AND conrelid IN ('"Event_unpartitioned"'::regclass, '"Delivery_unpartitioned"'::regclass, '"Attempt_unpartitioned"'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', constraint_row.table_name, constraint_row.conname, 'unpartitioned_' || constraint_row.conname);
  END LOOP;
END;
$$;
DROP INDEX "Event_organizationId_createdAt_idx";
DROP INDEX "Event_createdAt_idx";
DROP INDEX "Delivery_webhookId_id_idx";
DROP INDEX "Delivery_webhookId_status_id_idx";
DROP INDEX "Delivery_webhookId_eventType_id_idx";
DROP INDEX "Delivery_organizationId_id_idx";
DROP INDEX "Delivery_organizationId_status_id_idx";
DROP INDEX "Delivery_organizationId_eventType_id_idx";
DROP INDEX "Delivery_eventId_idx";
DROP INDEX "Attempt_deliveryId_attempt_key";

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "formId" TEXT,
    "resourceId" TEXT,
    "data" JSONB NOT NULL,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "number" BIGINT NOT NULL DEFAULT nextval('"Event_number_seq"'),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expungedAt" TIMESTAMP(3),

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");
ALTER SEQUENCE "Event_number_seq" OWNED BY "Event"."number";

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "test" BOOLEAN NOT NULL DEFAULT false,
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "format" "WebhookFormat",
    "webhookName" TEXT,
    "appKey" TEXT,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

-- CreateTable
CREATE TABLE "Attempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "trigger" "AttemptTrigger" NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "requestUrl" TEXT NOT NULL,
    "requestHeaders" JSONB NOT NULL,
    "requestBody" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseHeaders" JSONB,
    "responseBody" TEXT,
    "responseTruncated" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,

    CONSTRAINT "Attempt_pkey" PRIMARY KEY ("deliveryId","attempt")
) PARTITION BY RANGE ("deliveryId");

-- CreateIndex
CREATE INDEX "Event_organizationId_createdAt_idx" ON "Event"("organizationId", "createdAt" DESC);
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");
CREATE INDEX "Delivery_webhookId_id_idx" ON "Delivery"("webhookId", "id" DESC);
CREATE INDEX "Delivery_webhookId_status_id_idx" ON "Delivery"("webhookId", "status", "id" DESC);
CREATE INDEX "Delivery_webhookId_eventType_id_idx" ON "Delivery"("webhookId", "eventType", "id" DESC);
CREATE INDEX "Delivery_organizationId_id_idx" ON "Delivery"("organizationId", "id" DESC);
CREATE INDEX "Delivery_organizationId_status_id_idx" ON "Delivery"("organizationId", "status", "id" DESC);
CREATE INDEX "Delivery_organizationId_eventType_id_idx" ON "Delivery"("organizationId", "eventType", "id" DESC);
CREATE INDEX "Delivery_eventId_idx" ON "Delivery"("eventId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The catch-all partitions, and their attempts' key.
CREATE TABLE "Event_default" PARTITION OF "Event" DEFAULT;
CREATE TABLE "Delivery_default" PARTITION OF "Delivery" DEFAULT;
CREATE TABLE "Attempt_default" PARTITION OF "Attempt" DEFAULT;
ALTER TABLE "Attempt_default" ADD CONSTRAINT "Attempt_default_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery_default" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A partition for every day that has rows (at most 400 days back; older rows go to the
-- default partition, which retention prunes by rows), and for the next 7 days.
DO $$
DECLARE
  first_day date := greatest(
    least(
      coalesce((SELECT min("createdAt") FROM "Event_unpartitioned")::date, current_date),
      coalesce((SELECT min("createdAt") FROM "Delivery_unpartitioned")::date, current_date),
      (now() AT TIME ZONE 'UTC')::date),
    (now() AT TIME ZONE 'UTC')::date - 400);
  day date;
BEGIN
  day := first_day;
  WHILE day <= (now() AT TIME ZONE 'UTC')::date + 7 LOOP
    PERFORM tidings_create_day_partitions(day);
    day := day + 1;
  END LOOP;
END;
$$;

-- The rows, each into its day.
INSERT INTO "Event" ("id", "organizationId", "type", "formId", "resourceId", "data", "test", "number", "createdAt", "expungedAt")
  SELECT "id", "organizationId", "type", "formId", "resourceId", "data", "test", "number", "createdAt", "expungedAt" FROM "Event_unpartitioned";
INSERT INTO "Delivery" ("id", "organizationId", "webhookId", "eventId", "eventType", "status", "test", "attemptCount", "lastStatusCode", "lastError", "createdAt", "lastAttemptAt", "nextAttemptAt", "format", "webhookName", "appKey")
  SELECT "id", "organizationId", "webhookId", "eventId", "eventType", "status", "test", "attemptCount", "lastStatusCode", "lastError", "createdAt", "lastAttemptAt", "nextAttemptAt", "format", "webhookName", "appKey" FROM "Delivery_unpartitioned";
INSERT INTO "Attempt" ("id", "deliveryId", "attempt", "trigger", "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody", "responseTruncated", "error")
  SELECT "id", "deliveryId", "attempt", "trigger", "startedAt", "durationMs", "requestUrl", "requestHeaders", "requestBody", "responseStatus", "responseHeaders", "responseBody", "responseTruncated", "error" FROM "Attempt_unpartitioned";

DROP TABLE "Attempt_unpartitioned";
DROP TABLE "Delivery_unpartitioned";
DROP TABLE "Event_unpartitioned";
