// Per-request accounting: counter increments only (the aggregator does the rest off the
// request path). Counter objects are resolved at compile time (host.stats,
// location.stats); requests that match no host count under "_".
import type { Socket } from 'node:net';
import type { RequestContext } from '../runtime/types.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import type { StatsCollector } from './collector.ts';
import type { CacheStatus } from '../../core/contract/stats.ts';

const CACHE_STATUSES = new Set(['MISS', 'HIT', 'EXPIRED', 'STALE', 'UPDATING', 'REVALIDATED', 'BYPASS']);
// The socket is remembered at the start (ctx.baseline): by the time a request ends,
// req.socket may be detached (the connection closed).

/** The status a request ended with, as nginx logs it (499 when the client left first). */
export function finalStatus(ctx: RequestContext): number {
  if (ctx.res.headersSent) return ctx.res.statusCode;
  if (ctx.upstreamStatus === 444) return 444;
  return 499;
}

/**
 * With statistics off (PORTICO_STATS=off): the access log still gets each request's
 * bytes out, and nothing else is counted.
 */
export function createAccessLogObserver(onFinished: (ctx: RequestContext, bytesOut: number) => void): RequestHooks {
  return {
    onRequestStart(ctx) {
      const socket = ctx.req.socket as Socket | null;
      ctx.baseline = { socket, read: 0, written: socket?.bytesWritten ?? 0 };
    },
    onRequestEnd(ctx) {
      const base = ctx.baseline;
      onFinished(ctx, base?.socket ? (base.socket.bytesWritten ?? 0) - base.written : 0);
    },
  };
}

export function createStatsObserver(collector: StatsCollector, onFinished?: (ctx: RequestContext, bytesOut: number) => void): RequestHooks {
  const unmatched = () => collector.host('_');
  return {
    onRequestStart(ctx) {
      const socket = ctx.req.socket as Socket | null;
      ctx.baseline = { socket, read: socket?.bytesRead ?? 0, written: socket?.bytesWritten ?? 0 };
    },
    onRouted(ctx) {
      ctx.hostConfig!.stats.active++;
    },
    onRequestEnd(ctx) {
      const base = ctx.baseline;
      const socket = base?.socket;
      const bytesIn = socket ? (socket.bytesRead ?? 0) - base.read : 0;
      const bytesOut = socket ? (socket.bytesWritten ?? 0) - base.written : 0;
      const status = finalStatus(ctx);
      const ms = performance.now() - ctx.startedAt;
      const host = ctx.hostConfig?.stats ?? unmatched();
      if (ctx.routed) host.active--;
      host.response(status, bytesIn, bytesOut, ms);
      ctx.location?.stats.response(status, bytesIn, bytesOut, ms);
      if (ctx.limited) {
        host.limitedResponse(status);
        ctx.location?.stats.limitedResponse(status);
      }
      if (ctx.cacheStatus && CACHE_STATUSES.has(ctx.cacheStatus)) {
        host.cacheStatus(ctx.cacheStatus as CacheStatus);
        ctx.location?.stats.cacheStatus(ctx.cacheStatus as CacheStatus);
      }
      onFinished?.(ctx, bytesOut);
    },
  };
}
