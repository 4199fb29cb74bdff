-- DropIndex
DROP INDEX "Delivery_createdAt_idx";

