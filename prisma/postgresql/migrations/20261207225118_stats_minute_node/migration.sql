-- DropIndex
DROP INDEX "StatsMinute_minute_scope_key_key";

-- AlterTable
ALTER TABLE "StatsMinute" ADD COLUMN     "node" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "StatsMinute_minute_scope_key_node_key" ON "StatsMinute"("minute", "scope", "key", "node");
