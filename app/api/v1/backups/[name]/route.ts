import fs from 'node:fs';
import { Readable } from 'node:stream';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { audit } from '@/core/db/config-state.ts';
import { backupFileNamed } from '@/core/db/backup-snapshot.ts';

// GET /api/v1/backups/{name} – download a database backup
export const GET = apiRoute<undefined, { name: string }>({ scope: 'admin' }, async ({ db, params, principal, ip }) => {
  const file = backupFileNamed(dashboardEnv().dataDir, params.name);
  if (!file) throw new ApiError('not_found', `there is no backup named ${params.name}`);
  const stat = fs.statSync(file);
  await audit(db, { principal, ip, action: 'backup.download', objectType: 'backup', objectId: params.name });
  // Streamed: a database of hundreds of megabytes never sits in memory.
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/vnd.sqlite3',
      'content-length': String(stat.size),
      'content-disposition': `attachment; filename="${params.name}"`,
      'cache-control': 'no-store',
    },
  });
});
