-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "defaultWebhookFormat" "WebhookFormat" NOT NULL DEFAULT 'standard';
