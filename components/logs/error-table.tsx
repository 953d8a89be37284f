'use client';
// Error log entries: what failed with which upstream, in words, linked by request id.
import { logTime } from './format.ts';
import { RequestId } from './request-id.tsx';

export interface ErrorEntry {
  time: string;
  level: string;
  requestId: string;
  host: string;
  uri: string;
  upstream: string | null;
  reason: string;
  status: number | null;
  message: string;
}

export function ErrorTable({ entries, onRequestId, caption }: { entries: ErrorEntry[]; onRequestId?(id: string): void; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Time</th>
            <th scope="col" className="px-3 py-2.5 font-medium">What happened</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">Request id</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.requestId}-${i}`} className="border-b border-border align-top last:border-0">
              <td className="px-4 py-2 font-mono text-xs whitespace-nowrap text-muted">{logTime(e.time)}</td>
              <td className="px-3 py-2">
                <p className="text-danger">{e.reason}{e.upstream ? <span className="text-foreground"> · upstream <span className="font-mono text-xs">{e.upstream}</span></span> : null}</p>
                <p className="mt-0.5 font-mono text-xs break-all text-muted">{e.message}</p>
              </td>
              <td className="hidden px-4 py-2 md:table-cell">
                <RequestId id={e.requestId} onRequestId={onRequestId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
