// limit_conn as a pipeline stage (preaccess phase, after limit_req): refuse, or hold a
// slot until the response (or the WebSocket tunnel) closes.
import type { RequestContext } from '../../runtime/types.ts';
import { sendError } from '../../http/error-pages.ts';
import type { Stage } from '../../runtime/types.ts';
import type { LimitCounters } from '../rate-limit/stage.ts';
import { requestView } from '../rate-limit/request-view.ts';
import { isPromise } from '../rate-limit/store.ts';
import type { ConnDecision, ConnLimit } from './conn-limit.ts';
import { releaseOnClose, type Closable } from './lease.ts';

// As for limit_req: one check per request, whatever internal redirects follow.
const checked = new WeakSet<object>();

export function createConnLimitStage(limiter: ConnLimit | null, next: Stage, counters: readonly LimitCounters[] = []): Stage {
  if (!limiter) return next;
  const apply = (ctx: RequestContext, decision: ConnDecision): void | Promise<void> => {
    if (decision.limitStatus !== null) checked.add(ctx.req);
    if (decision.action === 'reject') {
      for (const c of counters) c.connLimited++;
      ctx.limited = true;
      return sendError(ctx, decision.status);
    }
    if (decision.limitStatus === 'REJECTED_DRY_RUN') for (const c of counters) c.connLimitedDryRun++;
    // A tunnel holds its slot for its whole life, as nginx counts it until it ends.
    releaseOnClose((ctx.upgrade?.socket ?? ctx.res) as Closable, decision.release);
    return next(ctx);
  };
  return (ctx) => {
    if (checked.has(ctx.req)) return next(ctx);
    const decision = limiter.acquire(requestView(ctx));
    return isPromise(decision) ? decision.then((d) => apply(ctx, d)) : apply(ctx, decision);
  };
}
