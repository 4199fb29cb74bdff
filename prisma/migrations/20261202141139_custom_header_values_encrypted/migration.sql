-- Custom header values become secrets, encrypted at rest like the API token. SQL cannot
-- encrypt with the application's key, so the plain values move to "legacyCustomHeaders";
-- sealLegacyCustomHeaders (lib/webhooks/seal-legacy-custom-headers.ts), which `npm start`
-- and every CLI command run right after migrating, seals them into
-- "customHeadersEncrypted" and clears the plain copy.

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "customHeaderNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "customHeadersEncrypted" TEXT,
ADD COLUMN     "legacyCustomHeaders" JSONB;

UPDATE "Webhook"
SET "legacyCustomHeaders" = "customHeaders",
    "customHeaderNames" = ARRAY(SELECT jsonb_object_keys("customHeaders"))
WHERE jsonb_typeof("customHeaders") = 'object' AND "customHeaders" <> '{}'::jsonb;

ALTER TABLE "Webhook" DROP COLUMN "customHeaders";
