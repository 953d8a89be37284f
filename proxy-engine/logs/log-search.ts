// Searches the access log files (newest first) by host, status, path prefix, time range
// and request id. Bounded: it reads at most a fixed number of bytes per query.
import fs from 'node:fs';
import readline from 'node:readline';
import type { AccessEntry } from './access-log.ts';

export interface LogQuery {
  host?: string;
  status?: string;
  path?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

const MAX_SCAN_BYTES = 64 * 1024 * 1024;

function matches(e: AccessEntry, q: LogQuery): boolean {
  if (q.requestId && e.requestId !== q.requestId) return false;
  if (q.host && e.host !== q.host) return false;
  if (q.status) {
    const s = String(e.status);
    if (/^\dxx$/i.test(q.status) ? s[0] !== q.status[0] : s !== q.status) return false;
  }
  if (q.path && !e.uri.startsWith(q.path)) return false;
  const t = Date.parse(e.time);
  if (q.from && t < q.from.getTime()) return false;
  if (q.to && t > q.to.getTime()) return false;
  return true;
}

/** Newest entries first. */
export async function searchLogs(files: string[], query: LogQuery): Promise<{ entries: AccessEntry[]; truncated: boolean }> {
  const found: AccessEntry[] = [];
  let scanned = 0;
  for (const file of files) {
    const fileMatches: AccessEntry[] = [];
    const stream = fs.createReadStream(file, { encoding: 'utf8' });
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) {
      scanned += line.length + 1;
      if (scanned > MAX_SCAN_BYTES) {
        lines.close();
        stream.destroy();
        return { entries: [...found, ...fileMatches.reverse()].slice(0, query.limit), truncated: true };
      }
      try {
        const entry = JSON.parse(line) as AccessEntry;
        if (matches(entry, query)) fileMatches.push(entry);
      } catch {
        // a torn line after a crash
      }
    }
    found.push(...fileMatches.reverse());
    if (found.length >= query.limit) break;
  }
  return { entries: found.slice(0, query.limit), truncated: false };
}
