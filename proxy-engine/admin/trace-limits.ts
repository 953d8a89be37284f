// The tracer's view of a location's rate limits: the key this request would be counted
// under in each zone, and that key's current bucket (read only).
import type { Policies } from '../../core/config/policies.ts';
import { requestView } from '../middlewares/rate-limit/request-view.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { TraceDeps } from './trace-types.ts';

export function describeLimits(ctx: RequestContext, policies: Policies, deps: TraceDeps) {
  const view = requestView(ctx);
  return (policies.rateLimits ?? []).map((rule) => {
    const zone = deps.rateZones.get(rule.zone);
    if (!zone) return { zone: rule.zone, error: 'zone not loaded' };
    const key = zone.key(view);
    if (key === '') return { zone: rule.zone, key: '', limited: false, note: 'empty key: not limited (as nginx)' };
    const state = zone.store.get(key);
    const bucket = state instanceof Promise ? null : state;
    const now = deps.rateZones.clock();
    // The excess now, after the leak since the last request (nginx's arithmetic).
    const excess = bucket ? Math.max(0, bucket.excess - (zone.rateMilli * Math.abs(now - bucket.last)) / 1000) : 0;
    return {
      zone: rule.zone,
      key,
      ratePerSecond: zone.rateMilli / 1000,
      burst: rule.burst,
      nodelay: rule.nodelay,
      currentExcess: Math.round(excess) / 1000,
      wouldReject: excess / 1000 + 1 > rule.burst + 1 && !rule.dryRun,
    };
  });
}
