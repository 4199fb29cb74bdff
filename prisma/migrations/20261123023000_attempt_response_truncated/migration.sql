-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN "responseTruncated" BOOLEAN NOT NULL DEFAULT false;
