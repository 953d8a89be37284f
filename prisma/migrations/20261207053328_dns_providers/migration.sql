-- CreateTable
CREATE TABLE "DnsProvider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domains" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "source" TEXT NOT NULL,
    "certPem" TEXT,
    "chainPem" TEXT,
    "keyPem" TEXT,
    "issuer" TEXT,
    "notBefore" DATETIME,
    "notAfter" DATETIME,
    "error" JSONB,
    "progress" JSONB NOT NULL,
    "renewAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "orderRequestedAt" DATETIME,
    "acmeAccountId" TEXT,
    "challenge" TEXT NOT NULL DEFAULT 'http-01',
    "dnsProviderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Certificate_acmeAccountId_fkey" FOREIGN KEY ("acmeAccountId") REFERENCES "AcmeAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Certificate_dnsProviderId_fkey" FOREIGN KEY ("dnsProviderId") REFERENCES "DnsProvider" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Certificate" ("acmeAccountId", "certPem", "chainPem", "createdAt", "domains", "error", "id", "issuer", "keyPem", "lastAttemptAt", "notAfter", "notBefore", "orderRequestedAt", "progress", "renewAt", "source", "status", "updatedAt") SELECT "acmeAccountId", "certPem", "chainPem", "createdAt", "domains", "error", "id", "issuer", "keyPem", "lastAttemptAt", "notAfter", "notBefore", "orderRequestedAt", "progress", "renewAt", "source", "status", "updatedAt" FROM "Certificate";
DROP TABLE "Certificate";
ALTER TABLE "new_Certificate" RENAME TO "Certificate";
CREATE INDEX "Certificate_status_renewAt_idx" ON "Certificate"("status", "renewAt");
CREATE INDEX "Certificate_dnsProviderId_idx" ON "Certificate"("dnsProviderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "DnsProvider_name_key" ON "DnsProvider"("name");
