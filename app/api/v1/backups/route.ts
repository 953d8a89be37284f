import fs from 'node:fs';
import path from 'node:path';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { audit } from '@/core/db/config-state.ts';
import { backupDatabase, backupDir } from '@/core/db/backup.ts';

function listBackups(dataDir: string) {
  const dir = backupDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      return { name, bytes: stat.size, createdAt: stat.mtime.toISOString() };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

// GET /api/v1/backups – database backups in the data directory, newest first
export const GET = apiRoute({ scope: 'admin' }, async () => ({ backups: listBackups(dashboardEnv().dataDir) }));

// POST /api/v1/backups – take an online backup now (checked with PRAGMA integrity_check)
export const POST = apiRoute({ scope: 'admin', status: 201 }, async ({ db, principal, ip }) => {
  const { dataDir } = dashboardEnv();
  const file = await backupDatabase(path.join(dataDir, 'portico.db'), dataDir, 'manual');
  await audit(db, { principal, ip, action: 'backup.create', objectType: 'backup', objectId: path.basename(file) });
  const stat = fs.statSync(file);
  return { backup: { name: path.basename(file), bytes: stat.size, createdAt: stat.mtime.toISOString() } };
});
