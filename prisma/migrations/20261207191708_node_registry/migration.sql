-- CreateTable
CREATE TABLE "Node" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "controllerId" TEXT,
    "hostname" TEXT NOT NULL,
    "appliedRevision" INTEGER,
    "requestsPerSecond" REAL NOT NULL DEFAULT 0,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Node_lastSeenAt_idx" ON "Node"("lastSeenAt");
