// The engine's error log: what failed and why, in words a person can act on (which
// upstream, refused / timed out / reset / TLS verification), linked by request id. Each
// line goes to logs/error.log (the dashboard's log search reads it) and to the process log
// on stdout with the same request id, so a log collector can join it to the access log.
import type { Logger } from '../../core/log/logger.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import type { LogFile } from './log-file.ts';

export function createErrorLogHooks(file: Pick<LogFile, 'append'>, log: Logger): RequestHooks {
  return {
    onUpstreamError(ctx, peer, failure) {
      const fields = {
        requestId: ctx.requestId,
        host: ctx.hostConfig?.primaryName ?? ctx.host,
        uri: ctx.requestUri,
        upstream: peer?.address ?? null,
        reason: failure.reason,
        status: failure.status,
      };
      const message = `${failure.reason}${peer ? ` while talking to upstream ${peer.address}` : ''} (request ${ctx.requestId} ${ctx.method} ${ctx.host}${ctx.requestUri})`;
      file.append(JSON.stringify({ time: new Date().toISOString(), level: 'error', ...fields, message }));
      log.error(fields, message);
    },
  };
}

/** An error that belongs to no request (a stream that cannot listen): both places too. */
export function logEngineError(file: Pick<LogFile, 'append'>, log: Logger, message: string): void {
  file.append(JSON.stringify({ time: new Date().toISOString(), level: 'error', message }));
  log.error(message);
}
