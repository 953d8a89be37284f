import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { statsHistory } from '@/app/_lib/queries/stats-history.ts';

const RANGES: Record<string, { ms: number; step: number }> = {
  '1h': { ms: 3600_000, step: 60 },
  '24h': { ms: 86400_000, step: 900 },
  '7d': { ms: 7 * 86400_000, step: 3600 },
};

// GET /api/v1/stats?range=1h|24h|7d or ?from&to[&step] [&host | &upstream] [&top=N] [&node=<name>] – history from the
// per-minute rollups, summed over every node (instance) unless node names one
export const GET = apiRoute({ scope: 'read' }, async ({ db, req }) => {
  const params = req.nextUrl.searchParams;
  const rangeName = params.get('range');
  const range = RANGES[rangeName ?? ''];
  if (rangeName !== null && !range) throw new ApiError('bad_request', `range must be one of ${Object.keys(RANGES).join(', ')}`);
  const to = params.get('to') ? new Date(params.get('to')!) : new Date();
  const from = params.get('from') ? new Date(params.get('from')!) : new Date(to.getTime() - (range?.ms ?? 3600_000));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw new ApiError('bad_request', 'from and to must be ISO dates with from < to');
  const span = to.getTime() - from.getTime();
  const step = Number(params.get('step') ?? range?.step ?? Math.max(60, Math.ceil(span / 1000 / 300 / 60) * 60));
  if (!Number.isInteger(step) || step < 60 || step % 60 !== 0) throw new ApiError('bad_request', 'step must be a whole number of minutes, in seconds (60, 300, …)');
  if (span / 1000 / step > 2000) throw new ApiError('bad_request', 'too many points: choose a larger step');
  const top = params.get('top') === null ? 0 : Number(params.get('top'));
  if (!Number.isInteger(top) || top < 0 || top > 100) throw new ApiError('bad_request', 'top must be a whole number from 0 to 100 (how many of the busiest hosts to list)');
  const node = params.get('node') || null;
  return statsHistory(db, { from, to, host: params.get('host'), upstream: params.get('upstream'), stepSeconds: step, topHosts: top, node });
});
