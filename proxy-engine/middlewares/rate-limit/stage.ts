// limit_req as a pipeline stage (preaccess phase): refuse, delay, or pass on.
import type { RequestContext } from '../../runtime/types.ts';
import { sendError } from '../../http/error-pages.ts';
import type { Stage } from '../../runtime/types.ts';
import type { RateDecision, RateLimit } from './rate-limit.ts';
import { requestView } from './request-view.ts';
import { isPromise } from './store.ts';

/** The counters a limit stage bumps: a host's and a location's TrafficCounters fit. */
export interface LimitCounters {
  rateLimited: number;
  rateLimitedDryRun: number;
  connLimited: number;
  connLimitedDryRun: number;
}

interface Waitable {
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  readonly destroyed?: boolean;
}

// nginx checks a request's limits once (r->main->limit_req_status): an internal
// redirect into another location must not count it again.
const checked = new WeakSet<object>();

export function createRateLimitStage(limiter: RateLimit | null, next: Stage, counters: readonly LimitCounters[] = []): Stage {
  if (!limiter) return next;
  const apply = (ctx: RequestContext, decision: RateDecision): void | Promise<void> => {
    // A request no rule applied to (every key empty) is checked again after an
    // internal redirect, as nginx leaves $limit_req_status unset then.
    if (decision.limitStatus !== null) checked.add(ctx.req);
    switch (decision.action) {
      case 'pass':
        if (decision.limitStatus === 'REJECTED_DRY_RUN') for (const c of counters) c.rateLimitedDryRun++;
        return next(ctx);
      case 'reject':
        for (const c of counters) c.rateLimited++;
        ctx.limited = true;
        return sendError(ctx, decision.status);
      case 'delay':
        return delay(ctx.res as Waitable, decision.ms).then((stillThere) => (stillThere ? next(ctx) : undefined));
    }
  };
  return (ctx) => {
    if (checked.has(ctx.req)) return next(ctx);
    const decision = limiter.check(requestView(ctx));
    return isPromise(decision) ? decision.then((d) => apply(ctx, d)) : apply(ctx, decision);
  };
}

/** Wait; false when the client went away meanwhile (nginx then finalizes the request). */
function delay(res: Waitable, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const gone = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', gone);
      resolve(true);
    }, ms);
    res.once('close', gone);
  });
}
