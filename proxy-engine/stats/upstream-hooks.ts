// The forwarding code's hooks into the per-upstream counters (latency split into
// connect, first byte and total; failures and retries).
import type { RequestHooks } from '../runtime/hooks.ts';
import type { StatsCollector } from './collector.ts';

export function createUpstreamStatsHooks(collector: StatsCollector): RequestHooks {
  return {
    onUpstreamDone(_ctx, peer, status, timing) {
      if (!peer) return;
      collector.upstream(peer.address).attempt(status, timing.connectMs, timing.firstByteMs, timing.totalMs, 0, 0);
    },
    onUpstreamError(ctx, peer, _failure) {
      if (!peer) return;
      const counters = collector.upstream(peer.address);
      counters.fails++;
      if (ctx.upstreamAddr.includes(',')) counters.retries++;
    },
  };
}
