-- CreateTable
CREATE TABLE "AccessList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "users" JSONB NOT NULL,
    "realm" TEXT NOT NULL DEFAULT 'Restricted',
    "satisfy" TEXT NOT NULL DEFAULT 'all',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessList_name_key" ON "AccessList"("name");
