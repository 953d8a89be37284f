-- CreateTable
CREATE TABLE "Node" (
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "controllerId" TEXT,
    "hostname" TEXT NOT NULL,
    "appliedRevision" INTEGER,
    "requestsPerSecond" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Node_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Node_lastSeenAt_idx" ON "Node"("lastSeenAt");
