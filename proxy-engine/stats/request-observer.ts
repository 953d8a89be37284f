// Per-request accounting: counter increments only (the aggregator does the rest off the
// request path). Counter objects are resolved at compile time (host.stats,
// location.stats); requests that match no host count under "_".
import type { Socket } from 'node:net';
import type { RequestContext } from '../pipeline/context.ts';
import type { RequestObserver } from '../pipeline/handler.ts';
import type { StatsCollector } from './collector.ts';
import type { CacheStatus } from './counters.ts';

const CACHE_STATUSES = new Set(['MISS', 'HIT', 'EXPIRED', 'STALE', 'UPDATING', 'REVALIDATED', 'BYPASS']);
// The socket is remembered at the start: by the time a request ends, req.socket may be
// detached (the connection closed).
const baselines = new WeakMap<RequestContext, { socket: Socket | null; read: number; written: number }>();

/** The status a request ended with, as nginx logs it (499 when the client left first). */
export function finalStatus(ctx: RequestContext): number {
  if (ctx.res.headersSent) return ctx.res.statusCode;
  if (ctx.upstreamStatus === 444) return 444;
  return 499;
}

export function createStatsObserver(collector: StatsCollector, onFinished?: (ctx: RequestContext, bytesOut: number) => void): RequestObserver {
  const unmatched = () => collector.host('_');
  return {
    onRequestStart(ctx) {
      const socket = ctx.req.socket as Socket | null;
      baselines.set(ctx, { socket, read: socket?.bytesRead ?? 0, written: socket?.bytesWritten ?? 0 });
    },
    onRouted(ctx) {
      ctx.hostConfig!.stats.active++;
    },
    onRequestEnd(ctx) {
      const base = baselines.get(ctx);
      const socket = base?.socket;
      const bytesIn = socket ? (socket.bytesRead ?? 0) - base.read : 0;
      const bytesOut = socket ? (socket.bytesWritten ?? 0) - base.written : 0;
      const status = finalStatus(ctx);
      const ms = performance.now() - ctx.startedAt;
      const host = ctx.hostConfig?.stats ?? unmatched();
      if (ctx.routed) host.active--;
      host.response(status, bytesIn, bytesOut, ms);
      ctx.location?.stats.response(status, bytesIn, bytesOut, ms);
      if (ctx.cacheStatus && CACHE_STATUSES.has(ctx.cacheStatus)) {
        host.cacheStatus(ctx.cacheStatus as CacheStatus);
        ctx.location?.stats.cacheStatus(ctx.cacheStatus as CacheStatus);
      }
      onFinished?.(ctx, bytesOut);
    },
  };
}
