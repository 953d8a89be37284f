-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN "orderRequestedAt" DATETIME;

-- CreateTable
CREATE TABLE "ControllerLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HealthGateWatch" (
    "revision" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "appliedAt" DATETIME NOT NULL,
    "watch" JSONB,
    "result" JSONB,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "HealthGateWatch_decidedAt_idx" ON "HealthGateWatch"("decidedAt");
