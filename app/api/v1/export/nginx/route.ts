import { NextResponse } from 'next/server';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { getDb } from '@/app/_lib/db.ts';
import { readSnapshot } from '@/core/db/snapshot.ts';
import { exportNginx } from '@/core/nginx/export-nginx.ts';

// GET /api/v1/export/nginx?host=<id>&mode=http|full – the configuration as nginx text
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const db = await getDb();
  const snapshot = await db.$transaction((tx) => readSnapshot(tx));
  const hostId = req.nextUrl.searchParams.get('host');
  const mode = req.nextUrl.searchParams.get('mode') === 'full' ? 'full' : 'http';
  const hosts = hostId ? snapshot.hosts.filter((h) => h.id === hostId) : snapshot.hosts;
  if (hostId && hosts.length === 0) throw new ApiError('not_found', `host ${hostId} not found`);
  // One host's export has no streams (they are not part of a host).
  const text = exportNginx({ ...snapshot, hosts, streams: hostId ? [] : snapshot.streams }, { mode });
  return new NextResponse(text, { headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': attachment(`portico${hostId ? `-${hosts[0]!.serverNames[0]}` : ''}.conf`), 'cache-control': 'no-store' } });
});

/**
 * A server name may be a regex ("~^日本\\.test$", quotes, anything): the plain filename gets
 * only safe characters, the RFC 5987 one the name itself.
 */
function attachment(name: string): string {
  const plain = name.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
