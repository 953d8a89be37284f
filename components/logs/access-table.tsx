'use client';
// Access log lines as a table: when, status, the request, how long, which upstream and
// cache status, and the request id (which finds the line's error-log entries too).
import Link from 'next/link';
import type { AccessEntry } from '@/core/contract/access-log.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { duration, logTime, statusLabel, statusTone } from './format.ts';
import { RequestId } from './request-id.tsx';

export function AccessTable({ entries, onRequestId, caption }: { entries: AccessEntry[]; onRequestId?(id: string): void; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Time</th>
            <th scope="col" className="py-2.5 pr-3 pl-4 font-medium sm:pl-3">Status</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Request</th>
            <th scope="col" className="hidden px-3 py-2.5 text-right font-medium sm:table-cell">Duration</th>
            <th scope="col" className="hidden px-3 py-2.5 font-medium lg:table-cell">Upstream</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">Request id</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.requestId}-${i}`} className="border-b border-border align-top last:border-0">
              <td className="hidden px-4 py-2 font-mono text-xs whitespace-nowrap text-muted sm:table-cell">{logTime(e.time)}</td>
              <td className="py-2 pr-3 pl-4 sm:pl-3">
                <Badge tone={statusTone(e.status)}>{statusLabel(e.status)}</Badge>
              </td>
              <td className="w-full max-w-0 min-w-48 px-3 py-2">
                <div className="truncate font-mono text-xs" title={`${e.method} ${e.host}${e.uri}`}>
                  <span className="font-semibold">{e.method}</span> <span className="text-muted">{e.host}</span>
                  {e.uri}
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-muted">
                  <span className="font-mono sm:hidden">{logTime(e.time)}</span>
                  <span>{e.remoteAddr}</span>
                  <span className="sm:hidden">{duration(e.durationMs)}</span>
                  <Link href={`/trace?method=${encodeURIComponent(e.method)}&url=${encodeURIComponent(`http://${e.host}${e.uri}`)}&clientIp=${encodeURIComponent(e.remoteAddr)}`} className="text-accent hover:underline">
                    Trace<span className="sr-only"> this request</span>
                  </Link>
                </div>
              </td>
              <td className="hidden px-3 py-2 text-right text-xs whitespace-nowrap tabular-nums sm:table-cell">{duration(e.durationMs)}</td>
              <td className="hidden px-3 py-2 font-mono text-xs whitespace-nowrap lg:table-cell">
                {e.upstreamAddr || <span className="text-muted">—</span>}
                {e.upstreamStatus ? <span className="text-muted"> → {e.upstreamStatus}</span> : null}
                {e.cacheStatus ? (
                  <span className="ml-1.5">
                    <Badge>{e.cacheStatus}</Badge>
                  </span>
                ) : null}
              </td>
              <td className="hidden px-4 py-2 whitespace-nowrap md:table-cell">
                <RequestId id={e.requestId} onRequestId={onRequestId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
