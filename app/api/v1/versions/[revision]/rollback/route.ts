import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { applyReport } from '@/app/_lib/queries/config-state.ts';
import { rollbackTo } from '@/app/_lib/queries/version.ts';

// POST /api/v1/versions/[revision]/rollback – restore that version as a new revision
export const POST = apiRoute<undefined, { revision: string }>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const target = Number(params.revision);
  if (!Number.isInteger(target)) throw new ApiError('bad_request', 'revision must be a number');
  const { revision } = await rollbackTo(db, target, { principal, ip });
  return { revision, restored: target, apply: await applyReport(revision, [], { healthGate: false }) };
});
