import { apiRoute } from '@/app/_lib/api/handler.ts';
import { getDb } from '@/app/_lib/db.ts';
import { exportDocument } from '@/core/db/config-restore.ts';
import { readSnapshot } from '@/core/db/snapshot.ts';

// GET /api/v1/export/json – the whole configuration as versioned JSON (for backups; no secrets)
export const GET = apiRoute({ scope: 'read' }, async () => {
  const db = await getDb();
  return exportDocument(await db.$transaction((tx) => readSnapshot(tx)));
});
