// The access log: one JSON line per request (nginx's combined fields plus
// $upstream_addr, $upstream_response_time, $upstream_cache_status and $request_id),
// per-host on/off through the `accessLog` policy, and a live tail for the dashboard.
import type { AccessEntry } from '../../core/contract/access-log.ts';
import type { RequestContext } from '../runtime/types.ts';
import { finalStatus } from '../stats/request-observer.ts';
import type { LogFile } from './log-file.ts';
import type { LogTail } from './log-tail.ts';
import type { Logger } from '../../core/log/logger.ts';


// Formatting a date costs about a microsecond; the log's resolution is a millisecond, so
// the text is kept for the millisecond it belongs to (the same string either way).
let isoMs = -1;
let isoText = '';

function nowIso(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

// The usual versions' texts made once, not a new string per line.
const PROTOCOLS: Record<string, string> = { '1.1': 'HTTP/1.1', '1.0': 'HTTP/1.0', '2.0': 'HTTP/2.0' };

function protocolOf(version: string): string {
  return PROTOCOLS[version] ?? `HTTP/${version}`;
}

export function accessEntry(ctx: RequestContext, bytesOut: number): AccessEntry {
  return {
    time: nowIso(),
    requestId: ctx.requestId,
    remoteAddr: ctx.remoteAddr,
    host: ctx.hostConfig?.primaryName ?? ctx.host,
    method: ctx.method,
    uri: ctx.requestUri,
    protocol: protocolOf(ctx.req.httpVersion),
    status: finalStatus(ctx),
    bytesOut,
    durationMs: Math.round((performance.now() - ctx.startedAt) * 1000) / 1000,
    upstreamAddr: ctx.upstreamAddr,
    upstreamStatus: ctx.upstreamStatus || null,
    cacheStatus: ctx.cacheStatus,
    referer: (ctx.req.headers.referer as string | undefined) ?? '',
    userAgent: (ctx.req.headers['user-agent'] as string | undefined) ?? '',
  };
}

/** nginx's "combined" format with the upstream and cache fields appended. */
export function combinedLine(e: AccessEntry): string {
  const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const time = new Date(e.time).toUTCString();
  return `${e.remoteAddr} - - [${time}] ${quote(`${e.method} ${e.uri} ${e.protocol}`)} ${e.status} ${e.bytesOut} ${quote(e.referer)} ${quote(e.userAgent)} ${e.upstreamAddr || '-'} ${e.durationMs / 1000} ${e.cacheStatus || '-'} ${e.requestId}`;
}

/** `stdout`: the access log on the process's stdout too (PORTICO_ACCESS_LOG_STDOUT=1). */
export function createAccessLogger(file: Pick<LogFile, 'append'>, tail: Pick<LogTail, 'publish'>, stdout?: Logger) {
  return (ctx: RequestContext, bytesOut: number): void => {
    if (ctx.location?.policies.accessLog === false) return;
    const entry = accessEntry(ctx, bytesOut);
    const line = JSON.stringify(entry);
    file.append(line);
    tail.publish(line);
    stdout?.info({ access: entry }, `${entry.method} ${entry.host}${entry.uri} ${entry.status}`);
  };
}
