import { PoolInput } from '@/core/config/pool.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { createPool, listPools } from '@/app/_lib/queries/pool.ts';

// GET /api/v1/pools – list upstream pools with their servers
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ pools: await listPools(db) }));

// POST /api/v1/pools – create a pool
export const POST = apiRoute({ scope: 'write', body: PoolInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const { pool, revision } = await createPool(db, body, { principal, ip });
  return { pool, apply: await applyReport(revision, [pool.id]) };
});
