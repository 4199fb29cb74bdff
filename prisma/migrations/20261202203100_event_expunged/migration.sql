-- Expunge (lib/events/expunge-events.ts): an event whose data was removed keeps its row as a
-- tombstone (id, type, time), so its deliveries stay countable; this says when.
ALTER TABLE "Event" ADD COLUMN "expungedAt" TIMESTAMP(3);
