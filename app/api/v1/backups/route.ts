import path from 'node:path';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { audit } from '@/core/db/config-state.ts';
import { backupDatabase, backupEntry, listBackups } from '@/core/db/backup.ts';
import { databaseFile } from '@/core/db/client.ts';

// GET /api/v1/backups – database backups in the data directory, newest first
export const GET = apiRoute({ scope: 'admin' }, async () => ({
  backups: listBackups(dashboardEnv().dataDir).map(({ name, bytes, createdAt }) => ({ name, bytes, createdAt })),
}));

// POST /api/v1/backups – take an online backup now (checked with PRAGMA integrity_check)
export const POST = apiRoute({ scope: 'admin', status: 201 }, async ({ db, principal, ip }) => {
  const { dataDir } = dashboardEnv();
  const file = await backupDatabase(databaseFile(dataDir), dataDir, 'manual');
  await audit(db, { principal, ip, action: 'backup.create', objectType: 'backup', objectId: path.basename(file) });
  const { name, bytes, createdAt } = backupEntry(file);
  return { backup: { name, bytes, createdAt } };
});
