-- DropIndex
DROP INDEX "Attempt_startedAt_idx";

