import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { diffVersions } from '@/core/db/version.ts';

// GET /api/v1/versions/diff?from&to – what changed between two versions
export const GET = apiRoute({ scope: 'read' }, async ({ db, req }) => {
  const q = req.nextUrl.searchParams;
  const from = Number(q.get('from') ?? NaN);
  const to = Number(q.get('to') ?? NaN);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) throw new ApiError('bad_request', 'from and to must be revision numbers (?from=3&to=5)');
  return diffVersions(db, from, to);
});
