-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StatsMinute" (
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
    "latency" JSONB NOT NULL,
    "node" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_StatsMinute" ("bytesIn", "bytesOut", "counters", "id", "key", "latency", "minute", "requests", "s1xx", "s2xx", "s3xx", "s4xx", "s5xx", "scope") SELECT "bytesIn", "bytesOut", "counters", "id", "key", "latency", "minute", "requests", "s1xx", "s2xx", "s3xx", "s4xx", "s5xx", "scope" FROM "StatsMinute";
DROP TABLE "StatsMinute";
ALTER TABLE "new_StatsMinute" RENAME TO "StatsMinute";
CREATE INDEX "StatsMinute_scope_key_minute_idx" ON "StatsMinute"("scope", "key", "minute");
CREATE UNIQUE INDEX "StatsMinute_minute_scope_key_node_key" ON "StatsMinute"("minute", "scope", "key", "node");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
