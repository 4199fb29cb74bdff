-- CreateTable
CREATE TABLE "Metric" (
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("name","labels")
);

