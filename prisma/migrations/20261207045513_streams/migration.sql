-- CreateTable
CREATE TABLE "Stream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "protocol" TEXT NOT NULL,
    "listenPort" INTEGER,
    "entrypoint" TEXT,
    "poolId" TEXT,
    "address" TEXT,
    "settings" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Stream_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "Pool" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Stream_name_key" ON "Stream"("name");

-- CreateIndex
CREATE INDEX "Stream_poolId_idx" ON "Stream"("poolId");

-- CreateIndex
CREATE UNIQUE INDEX "Stream_protocol_listenPort_key" ON "Stream"("protocol", "listenPort");
