-- AlterTable
ALTER TABLE "Pool" ADD COLUMN "proxyProtocol" TEXT NOT NULL DEFAULT 'off';
