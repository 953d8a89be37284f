import { isDeepStrictEqual } from 'node:util';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { allows } from '@/core/auth/principal.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { getSettings } from '@/core/db/settings.ts';
import { getVersionOrThrow, rollbackTo } from '@/core/db/version.ts';
import { GlobalSettings } from '@/core/config/settings.ts';

// POST /api/v1/versions/[revision]/rollback – restore that version as a new revision.
// The global settings are admin-only: a rollback that would change them needs admin too
// (else an editor could restore, say, allowLinkLocalUpstreams through an old version).
export const POST = apiRoute<undefined, { revision: string }>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const target = Number(params.revision);
  if (!Number.isInteger(target)) throw new ApiError('bad_request', 'revision must be a number');
  if (principal && !allows(principal.scope, 'admin')) {
    const version = await getVersionOrThrow(db, target);
    const restored = GlobalSettings.safeParse((version.snapshot as { settings?: unknown }).settings ?? {});
    if (!restored.success || !isDeepStrictEqual(restored.data, await getSettings(db))) {
      throw new ApiError('forbidden', `version ${target} has other global settings than the current ones; rolling back to it needs the admin role`);
    }
  }
  const { revision } = await rollbackTo(db, target, { principal, ip });
  return { revision, restored: target, apply: await applyReport(revision, [], { healthGate: false }) };
});
