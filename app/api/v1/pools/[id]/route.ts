import { PoolInput } from '@/core/config/pool.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { PoolPatch } from '@/app/_lib/api/schemas.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deletePool, getPoolOrThrow, poolInputOf, replacePool } from '@/app/_lib/queries/pool.ts';
import { serializePool } from '@/core/views/pool.ts';

type Params = { id: string };

// GET /api/v1/pools/[id] – one pool
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => ({ pool: serializePool(await getPoolOrThrow(db, params.id)) }));

// PUT /api/v1/pools/[id] – replace a pool
export const PUT = apiRoute<typeof PoolInput, Params>({ scope: 'write', body: PoolInput }, async ({ db, params, body, principal, ip }) => {
  const { pool, revision } = await replacePool(db, params.id, body, { principal, ip });
  return { pool, apply: await applyReport(revision, [pool.id]) };
});

// PATCH /api/v1/pools/[id] – change some top-level fields of a pool
export const PATCH = apiRoute<typeof PoolPatch, Params>({ scope: 'write', body: PoolPatch }, async ({ db, params, body, principal, ip }) => {
  const current = poolInputOf(serializePool(await getPoolOrThrow(db, params.id)));
  const parsed = PoolInput.safeParse({ ...current, ...body });
  if (!parsed.success) throw validationError(zodIssues(parsed.error));
  const { pool, revision } = await replacePool(db, params.id, parsed.data, { principal, ip });
  return { pool, apply: await applyReport(revision, [pool.id]) };
});

// DELETE /api/v1/pools/[id] – delete a pool that no location uses
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deletePool(db, params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
