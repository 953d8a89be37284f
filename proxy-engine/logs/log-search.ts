// Searches the log files (access or error) by host, status, path prefix, time range and
// request id, newest first. The files are read backwards in fixed-size chunks, so a search
// holds one chunk, one line and at most `limit` entries whatever the log's size, and stops
// as soon as it has `limit` matches or has read MAX_SCAN_BYTES. Where it stopped is a
// cursor (the file's inode and a byte offset, stable across rotation, which renames; plus
// a digest of the file's first bytes, since a deleted file's inode is soon reused): the
// next page continues from there.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AccessEntry } from '../../core/contract/access-log.ts';

export interface LogQuery {
  host?: string;
  status?: string;
  path?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Continue below this position (from a previous page's `next`). */
  cursor?: string;
}

export interface LogPage {
  entries: AccessEntry[];
  /** The scan budget ran out before `limit` matches: `next` continues it. */
  truncated: boolean;
  /** Older lines may remain: pass as `cursor` for the next page. */
  next: string | null;
}

export const MAX_SCAN_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
/** A longer line is not a log line (a torn write, garbage): skipped, so memory stays bounded. */
const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export class CursorError extends Error {
  readonly status = 400;
}

interface Position {
  ino: number;
  offset: number;
  /** How many of the file's first bytes `digest` covers. */
  headBytes: number;
  digest: string;
}

const HEAD_BYTES = 256;

/** Identifies a file's content: the start of an append-only log never changes, renamed or not. */
async function headDigest(file: fs.FileHandle, bytes: number): Promise<string> {
  const head = Buffer.alloc(bytes);
  const { bytesRead } = await file.read(head, 0, bytes, 0);
  return createHash('sha256').update(head.subarray(0, bytesRead)).digest('base64url').slice(0, 16);
}

async function cursorAt(file: fs.FileHandle, ino: number, size: number, offset: number): Promise<string> {
  const headBytes = Math.min(HEAD_BYTES, size);
  return `${ino}-${offset}-${headBytes}-${await headDigest(file, headBytes)}`;
}

function decodeCursor(text: string): Position {
  const m = /^(\d{1,20})-(\d{1,16})-(\d{1,3})-([\w-]{16})$/.exec(text);
  if (!m) throw new CursorError('cursor must be the "next" value of a previous page');
  return { ino: Number(m[1]), offset: Number(m[2]), headBytes: Number(m[3]), digest: m[4]! };
}

function matcher(q: LogQuery): (line: Buffer) => AccessEntry | null {
  // Byte tests first: most lines of a filtered search are never decoded nor parsed. The
  // engine writes lines with JSON.stringify, so a field's bytes are its value's JSON.
  const statusClass = q.status && /^\dxx$/i.test(q.status) ? q.status[0] : null;
  const texts = [
    q.host ? `"host":${JSON.stringify(q.host)}` : null,
    q.requestId ? `"requestId":${JSON.stringify(q.requestId)}` : null,
    q.path ? `"uri":${JSON.stringify(q.path).slice(0, -1)}` : null,
    q.status ? `"status":${statusClass ?? q.status}` : null,
  ]
    .filter((t) => t !== null)
    .map((t) => Buffer.from(t));
  const from = q.from?.getTime();
  const to = q.to?.getTime();
  return (line) => {
    for (const text of texts) if (line.indexOf(text) === -1) return null;
    let e: AccessEntry;
    try {
      e = JSON.parse(line.toString('utf8')) as AccessEntry;
    } catch {
      return null; // a torn line after a crash
    }
    if (typeof e !== 'object' || e === null) return null;
    if (q.requestId && e.requestId !== q.requestId) return null;
    if (q.host && e.host !== q.host) return null;
    if (q.status) {
      const s = String(e.status);
      if (statusClass ? s[0] !== statusClass : s !== q.status) return null;
    }
    if (q.path && !(typeof e.uri === 'string' && e.uri.startsWith(q.path))) return null;
    if (from !== undefined || to !== undefined) {
      const t = Date.parse(e.time);
      if (from !== undefined && !(t >= from)) return null;
      if (to !== undefined && !(t <= to)) return null;
    }
    return e;
  };
}

/**
 * The lines of one file from `end` backwards, each with the offset where it starts.
 * Holds one chunk plus the line being assembled; a line's bytes are valid until the next
 * one is asked for (they may be the chunk's own).
 */
async function* linesBackwards(file: fs.FileHandle, end: number): AsyncGenerator<{ line: Buffer; start: number }> {
  let position = end;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let skipping = false;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  while (position > 0) {
    const size = Math.min(CHUNK_BYTES, position);
    position -= size;
    const { bytesRead } = await file.read(chunk, 0, size, position);
    if (bytesRead !== size) throw new Error(`short read in a log file at ${position}`);
    let lineEnd = size;
    for (let i = chunk.lastIndexOf(NEWLINE, size - 1); i !== -1; i = i > 0 ? chunk.lastIndexOf(NEWLINE, i - 1) : -1) {
      const tail = chunk.subarray(i + 1, lineEnd);
      if (!skipping && carryBytes + tail.length <= MAX_LINE_BYTES) {
        const line = carryBytes === 0 ? tail : Buffer.concat([tail, ...carry]);
        if (line.length > 0) yield { line, start: position + i + 1 };
      }
      carry = [];
      carryBytes = 0;
      skipping = false;
      lineEnd = i;
    }
    // The start of this chunk belongs to a line that began in an earlier chunk.
    if (lineEnd > 0 && !skipping) {
      if (carryBytes + lineEnd > MAX_LINE_BYTES) {
        skipping = true;
        carry = [];
        carryBytes = 0;
      } else {
        carry.unshift(Buffer.from(chunk.subarray(0, lineEnd)));
        carryBytes += lineEnd;
      }
    }
  }
  if (!skipping && carryBytes > 0) yield { line: Buffer.concat(carry), start: 0 };
}

/** `files` newest first (the live file, then its rotations). */
export async function searchLogs(files: string[], query: LogQuery): Promise<LogPage> {
  const match = matcher(query);
  const entries: AccessEntry[] = [];
  /** Bytes read in the files already finished. */
  let scannedBefore = 0;
  let index = 0;
  let end: number | null = null;
  // Open every file first: a rotation during the search then changes nothing we read.
  const handles = (await Promise.all(files.map((f) => fs.open(f, 'r').catch(() => null)))).filter((h) => h !== null);
  try {
    const stats = await Promise.all(handles.map((h) => h.stat()));
    if (query.cursor !== undefined) {
      const at = decodeCursor(query.cursor);
      index = stats.findIndex((s) => s.ino === at.ino);
      const same = index !== -1 && stats[index]!.size >= at.headBytes && (await headDigest(handles[index]!, at.headBytes)) === at.digest;
      // The file the cursor points into was rotated away: nothing older is left.
      if (!same) return { entries: [], truncated: false, next: null };
      end = Math.min(at.offset, stats[index]!.size);
    }
    for (; index < handles.length; index++, end = null) {
      const { ino } = stats[index]!;
      const fileEnd = end ?? stats[index]!.size;
      for await (const { line, start } of linesBackwards(handles[index]!, fileEnd)) {
        const entry = match(line);
        if (entry) entries.push(entry);
        const full = entries.length >= query.limit;
        if (!full && scannedBefore + fileEnd - start < MAX_SCAN_BYTES) continue;
        const more = start > 0 || index + 1 < handles.length;
        return { entries, truncated: !full && more, next: more ? await cursorAt(handles[index]!, ino, stats[index]!.size, start) : null };
      }
      scannedBefore += fileEnd;
    }
    return { entries, truncated: false, next: null };
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}
