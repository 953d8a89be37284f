import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { diffVersions } from '@/app/_lib/queries/version.ts';

// GET /api/v1/versions/diff?from&to – what changed between two versions
export const GET = apiRoute({ scope: 'read' }, async ({ db, req }) => {
  const from = Number(req.nextUrl.searchParams.get('from'));
  const to = Number(req.nextUrl.searchParams.get('to'));
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new ApiError('bad_request', 'from and to must be revision numbers');
  return diffVersions(db, from, to);
});
