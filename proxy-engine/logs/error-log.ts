// The engine's error log: what failed and why, in words a person can act on (which
// upstream, refused / timed out / reset / TLS verification), linked by request id.
import type { RequestHooks } from '../runtime/hooks.ts';
import type { LogFile } from './log-file.ts';

export function createErrorLogHooks(file: LogFile): RequestHooks {
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
