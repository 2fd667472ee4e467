-- CreateTable
CREATE TABLE "AuditChainCheckpoint" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "eventId" TEXT,
    "hash" TEXT NOT NULL,
    "checked" BIGINT NOT NULL,
    "verifiedAt" TIMESTAMP(3) NOT NULL,
    "fullyVerifiedAt" TIMESTAMP(3),

    CONSTRAINT "AuditChainCheckpoint_pkey" PRIMARY KEY ("id")
);
