-- CreateEnum
CREATE TYPE "SmartUserType" AS ENUM ('PATIENT', 'PRACTITIONER');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "smartEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "smartFhirBaseUrl" TEXT,
ADD COLUMN     "smartLaunchUrl" TEXT,
ADD COLUMN     "smartScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "smartUserType" "SmartUserType" NOT NULL DEFAULT 'PATIENT';

-- CreateTable
CREATE TABLE "SmartLaunch" (
    "id" TEXT NOT NULL,
    "launchHash" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "fhirBaseUrl" TEXT NOT NULL,
    "launchType" TEXT NOT NULL,
    "patientId" TEXT,
    "encounterId" TEXT,
    "practitionerId" TEXT,
    "needPatientBanner" BOOLEAN NOT NULL DEFAULT true,
    "simulatedError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmartLaunch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmartContext" (
    "grantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "fhirBaseUrl" TEXT NOT NULL,
    "patientId" TEXT,
    "encounterId" TEXT,
    "fhirUser" TEXT,
    "fhirContext" JSONB NOT NULL DEFAULT '[]',
    "needPatientBanner" BOOLEAN NOT NULL DEFAULT true,
    "smartStyleUrl" TEXT,
    "simulatedError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmartContext_pkey" PRIMARY KEY ("grantId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SmartLaunch_launchHash_key" ON "SmartLaunch"("launchHash");

-- CreateIndex
CREATE INDEX "SmartLaunch_applicationId_idx" ON "SmartLaunch"("applicationId");

-- CreateIndex
CREATE INDEX "SmartLaunch_expiresAt_idx" ON "SmartLaunch"("expiresAt");

-- CreateIndex
CREATE INDEX "SmartContext_expiresAt_idx" ON "SmartContext"("expiresAt");

-- AddForeignKey
ALTER TABLE "SmartLaunch" ADD CONSTRAINT "SmartLaunch_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
