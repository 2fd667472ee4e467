-- CreateTable
CREATE TABLE "SecretRoot" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "encrypted" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SecretRoot_pkey" PRIMARY KEY ("id")
);
