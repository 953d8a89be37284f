// The engine's error log: what failed and why, in words a person can act on (which
// upstream, refused / timed out / reset / TLS verification), linked by request id.
import type { ForwardHooks } from '../pipeline/forward.ts';
import type { LogFile } from './log-file.ts';

export function createErrorLogHooks(file: LogFile): ForwardHooks {
  return {
    onUpstreamError(ctx, peer, failure) {
      file.append(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'error',
          requestId: ctx.requestId,
          host: ctx.hostConfig?.primaryName ?? ctx.host,
          uri: ctx.requestUri,
          upstream: peer?.address ?? null,
          reason: failure.reason,
          status: failure.status,
          message: `${failure.reason}${peer ? ` while talking to upstream ${peer.address}` : ''} (request ${ctx.requestId} ${ctx.method} ${ctx.host}${ctx.requestUri})`,
        }),
      );
    },
  };
}

/** Several hook sets as one. */
export function combineHooks(...sets: ForwardHooks[]): ForwardHooks {
  return {
    onUpstreamDone: (...args) => {
      for (const s of sets) s.onUpstreamDone?.(...args);
    },
    onUpstreamError: (...args) => {
      for (const s of sets) s.onUpstreamError?.(...args);
    },
  };
}
