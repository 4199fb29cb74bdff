-- After the day partitions (20261202204000): Event.orderingKey is added to the partitioned table.
-- Held deliveries, failing warnings, ordered delivery per key and a rate limit per webhook (SPEC §11).
-- CreateEnum
CREATE TYPE "WebhookOrdering" AS ENUM ('none', 'key');

-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'HELD';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "orderingKey" TEXT;

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "failingWarnedLevel" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "heldOverflowAt" TIMESTAMP(3),
ADD COLUMN     "heldOverflowCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "maxRequestsPerSecond" INTEGER,
ADD COLUMN     "ordering" "WebhookOrdering" NOT NULL DEFAULT 'none';

-- CreateTable
CREATE TABLE "WebhookRateLimit" (
    "webhookId" TEXT NOT NULL,
    "nextAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookRateLimit_pkey" PRIMARY KEY ("webhookId")
);

-- CreateTable
CREATE TABLE "OrderedDelivery" (
    "deliveryId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "parked" BOOLEAN NOT NULL DEFAULT false,
    "orderBroken" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "OrderedDelivery_pkey" PRIMARY KEY ("deliveryId")
);

-- CreateTable
CREATE TABLE "OrderingLease" (
    "webhookId" TEXT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderingLease_pkey" PRIMARY KEY ("webhookId","orderingKey")
);

-- CreateIndex
CREATE INDEX "OrderedDelivery_webhookId_orderingKey_deliveryId_idx" ON "OrderedDelivery"("webhookId", "orderingKey", "deliveryId");

-- AddForeignKey
ALTER TABLE "WebhookRateLimit" ADD CONSTRAINT "WebhookRateLimit_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- No foreign key from "OrderedDelivery"."deliveryId" to the day-partitioned "Delivery"
-- (20261202204000_partition_by_day: PostgreSQL refuses to drop a referenced partition). Its
-- rows go with their webhook (the key below), with discarded held deliveries
-- (lib/webhooks/held-deliveries.ts) and with expired days (lib/retention/manage-partitions.ts).

-- AddForeignKey
ALTER TABLE "OrderedDelivery" ADD CONSTRAINT "OrderedDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

