-- CreateTable
CREATE TABLE "ConfigState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "defaultServer" BOOLEAN NOT NULL DEFAULT false,
    "entrypoints" JSONB NOT NULL,
    "tls" JSONB NOT NULL,
    "policies" JSONB NOT NULL,
    "errorPages" JSONB NOT NULL,
    "certificateId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Host_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostName" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "HostName_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "matchKind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "action" JSONB NOT NULL,
    "poolId" TEXT,
    "policies" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Location_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Location_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "Pool" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Pool" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL DEFAULT 'ROUND_ROBIN',
    "balance" JSONB NOT NULL,
    "keepalive" JSONB NOT NULL,
    "healthCheck" JSONB,
    "tls" JSONB NOT NULL,
    "queue" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Server" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "poolId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "backup" BOOLEAN NOT NULL DEFAULT false,
    "down" BOOLEAN NOT NULL DEFAULT false,
    "maxFails" INTEGER NOT NULL DEFAULT 1,
    "failTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "maxConns" INTEGER NOT NULL DEFAULT 0,
    "slowStartMs" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Server_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "Pool" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CacheZone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "maxSizeBytes" INTEGER NOT NULL,
    "inactiveMs" INTEGER NOT NULL,
    "maxEntries" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LimitZone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" JSONB NOT NULL,
    "rate" JSONB,
    "maxEntries" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revision" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConfigVersion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Certificate" (
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
    "acmeAccountId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Certificate_acmeAccountId_fkey" FOREIGN KEY ("acmeAccountId") REFERENCES "AcmeAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AcmeAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "directoryUrl" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "accountUrl" TEXT,
    "keyPem" TEXT NOT NULL,
    "termsAgreed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AcmeChallenge" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "keyAuthorization" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'ADMIN',
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "passwordChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "actor" TEXT NOT NULL,
    "ip" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "revision" INTEGER,
    CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatsMinute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "minute" DATETIME NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "s1xx" INTEGER NOT NULL DEFAULT 0,
    "s2xx" INTEGER NOT NULL DEFAULT 0,
    "s3xx" INTEGER NOT NULL DEFAULT 0,
    "s4xx" INTEGER NOT NULL DEFAULT 0,
    "s5xx" INTEGER NOT NULL DEFAULT 0,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "counters" JSONB NOT NULL,
    "latency" JSONB NOT NULL
);

-- CreateIndex
CREATE INDEX "Host_certificateId_idx" ON "Host"("certificateId");

-- CreateIndex
CREATE UNIQUE INDEX "HostName_name_key" ON "HostName"("name");

-- CreateIndex
CREATE INDEX "HostName_hostId_position_idx" ON "HostName"("hostId", "position");

-- CreateIndex
CREATE INDEX "Location_poolId_idx" ON "Location"("poolId");

-- CreateIndex
CREATE UNIQUE INDEX "Location_hostId_matchKind_path_key" ON "Location"("hostId", "matchKind", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Pool_name_key" ON "Pool"("name");

-- CreateIndex
CREATE INDEX "Server_poolId_position_idx" ON "Server"("poolId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Server_poolId_address_key" ON "Server"("poolId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "CacheZone_name_key" ON "CacheZone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "LimitZone_name_key" ON "LimitZone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigVersion_revision_key" ON "ConfigVersion"("revision");

-- CreateIndex
CREATE INDEX "Certificate_status_renewAt_idx" ON "Certificate"("status", "renewAt");

-- CreateIndex
CREATE UNIQUE INDEX "AcmeAccount_directoryUrl_key" ON "AcmeAccount"("directoryUrl");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_objectType_objectId_idx" ON "AuditEvent"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "StatsMinute_scope_key_minute_idx" ON "StatsMinute"("scope", "key", "minute");

-- CreateIndex
CREATE UNIQUE INDEX "StatsMinute_minute_scope_key_key" ON "StatsMinute"("minute", "scope", "key");
