-- CreateEnum
CREATE TYPE "ApplicationPlatform" AS ENUM ('WEB', 'NATIVE', 'SPA');

-- CreateEnum
CREATE TYPE "AccessTokenFormat" AS ENUM ('JWT', 'OPAQUE');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "pkceRequired" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "platform" "ApplicationPlatform" NOT NULL DEFAULT 'WEB',
ADD COLUMN     "standardClaims" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tokenExchangeAudiences" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "tokenExchangeEnabled" BOOLEAN NOT NULL DEFAULT false;

-- Applications that were native by their redirect URIs (a private-use scheme) stay native:
-- the platform is now chosen in the portal instead of guessed.
UPDATE "Application" SET "platform" = 'NATIVE'
WHERE EXISTS (SELECT 1 FROM unnest("redirectUris") AS uri WHERE uri !~* '^https?:');

-- AlterTable: existing organisations get their relying-party id here (new ones from Prisma).
ALTER TABLE "Organization" ADD COLUMN     "relyingPartyId" TEXT;
UPDATE "Organization" SET "relyingPartyId" = gen_random_uuid()::text WHERE "relyingPartyId" IS NULL;
ALTER TABLE "Organization" ALTER COLUMN "relyingPartyId" SET NOT NULL;

-- CreateTable
CREATE TABLE "Api" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "scopes" TEXT[],
    "tokenFormat" "AccessTokenFormat" NOT NULL DEFAULT 'JWT',
    "accessTokenTtl" INTEGER NOT NULL DEFAULT 300,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Api_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationApiGrant" (
    "applicationId" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "scopes" TEXT[],

    CONSTRAINT "ApplicationApiGrant_pkey" PRIMARY KEY ("applicationId","apiId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Api_identifier_key" ON "Api"("identifier");

-- CreateIndex
CREATE INDEX "Api_organizationId_idx" ON "Api"("organizationId");

-- CreateIndex
CREATE INDEX "ApplicationApiGrant_apiId_idx" ON "ApplicationApiGrant"("apiId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_relyingPartyId_key" ON "Organization"("relyingPartyId");

-- AddForeignKey
ALTER TABLE "Api" ADD CONSTRAINT "Api_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationApiGrant" ADD CONSTRAINT "ApplicationApiGrant_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationApiGrant" ADD CONSTRAINT "ApplicationApiGrant_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;
