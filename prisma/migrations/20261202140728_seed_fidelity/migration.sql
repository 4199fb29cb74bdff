-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "accountNumber" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "number" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "pingOnCreate" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "appKey" TEXT,
ADD COLUMN     "format" "WebhookFormat",
ADD COLUMN     "webhookName" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Organization_accountNumber_key" ON "Organization"("accountNumber");

