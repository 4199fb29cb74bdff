-- Rate-limit counters are not data anyone sent: after a crash they may start again from
-- zero. Unlogged, their writes make no WAL, so a request's counter update commits without
-- waiting for a disk flush (it was one fsync per API request, before the request's own
-- transaction: bench/ingestion.ts, single events). Prisma's schema cannot say "unlogged";
-- nothing else about the table changes.
ALTER TABLE "rate_limits" SET UNLOGGED;
