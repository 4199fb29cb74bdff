-- Accounts are not pre-registered through an invitation (docs/security-model.md#team-and-roles).
-- Expand only: both columns are nullable. The previous release never sets them, so an
-- account it makes counts as confirmed, as it always did, and its invitations have no
-- mailed link (their one link is the copy, as before).

-- AlterTable
ALTER TABLE "User" ADD COLUMN "emailUnverifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "mailedTokenHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_mailedTokenHash_key" ON "Invitation"("mailedTokenHash");
