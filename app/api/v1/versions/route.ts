import { apiRoute } from '@/app/_lib/api/handler.ts';
import { listVersions } from '@/core/db/version.ts';

// GET /api/v1/versions – applied configuration versions, newest first (?limit&before)
export const GET = apiRoute({ scope: 'read' }, async ({ db, req }) => {
  const limit = Number(req.nextUrl.searchParams.get('limit') ?? 100);
  const before = Number(req.nextUrl.searchParams.get('before') ?? 0) || undefined;
  return { versions: await listVersions(db, Number.isFinite(limit) ? limit : 100, before) };
});
