-- CreateEnum
CREATE TYPE "CibaDeliveryMode" AS ENUM ('POLL', 'PING');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "cibaDeliveryMode" "CibaDeliveryMode" NOT NULL DEFAULT 'POLL',
ADD COLUMN     "cibaNotificationEndpoint" TEXT,
ADD COLUMN     "cibaUserCodeRequired" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CibaRequest" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "upstreamIssuer" TEXT NOT NULL,
    "upstreamAuthReqId" TEXT NOT NULL,
    "deliveryMode" "CibaDeliveryMode" NOT NULL,
    "sealed" TEXT NOT NULL,
    "interval" INTEGER NOT NULL,
    "nextPollAt" TIMESTAMP(3) NOT NULL,
    "upstreamInterval" INTEGER NOT NULL,
    "nextUpstreamPollAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CibaRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CibaRequest_status_nextUpstreamPollAt_idx" ON "CibaRequest"("status", "nextUpstreamPollAt");

-- CreateIndex
CREATE INDEX "CibaRequest_expiresAt_idx" ON "CibaRequest"("expiresAt");
