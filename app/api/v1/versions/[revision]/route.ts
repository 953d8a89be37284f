import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { getVersionOrThrow } from '@/core/db/version.ts';

// GET /api/v1/versions/[revision] – one version's whole configuration
export const GET = apiRoute<undefined, { revision: string }>({ scope: 'read' }, async ({ db, params }) => {
  const revision = Number(params.revision);
  if (!Number.isInteger(revision)) throw new ApiError('bad_request', 'revision must be a number');
  return { version: await getVersionOrThrow(db, revision) };
});
