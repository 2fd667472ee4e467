-- CreateEnum
CREATE TYPE "KeyPurpose" AS ENUM ('OIDC', 'FEDERATION');

-- DropIndex
DROP INDEX "SigningKey_state_idx";

-- AlterTable
ALTER TABLE "SigningKey" ADD COLUMN     "purpose" "KeyPurpose" NOT NULL DEFAULT 'OIDC',
ADD COLUMN     "use" TEXT NOT NULL DEFAULT 'sig';

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_resetAt_idx" ON "RateLimitBucket"("resetAt");

-- CreateIndex
CREATE INDEX "SigningKey_purpose_state_idx" ON "SigningKey"("purpose", "state");
