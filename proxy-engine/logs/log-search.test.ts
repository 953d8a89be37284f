// Log search reads backwards in chunks: lines that straddle chunks, lines too long to be
// log lines, torn lines, rotated files and cursors that outlive a rotation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchLogs } from './log-search.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-log-search-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ time: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(), requestId: `r${n}`, host: n % 2 ? 'odd.test' : 'even.test', uri: `/n/${n}`, status: n % 3 ? 200 : 503, ...extra });

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

const ids = (page: { entries: { requestId: string }[] }) => page.entries.map((e) => e.requestId);

describe('searchLogs', () => {
  it('reads lines that straddle chunks, skips torn and oversized lines, and keeps multi-byte text whole', async () => {
    const long = 'é'.repeat(100_000); // 200 KB of two-byte characters: spans several 64 KB chunks
    const file = write('access.log', [entry(1), entry(2, { userAgent: long }), '{"torn":', 'x'.repeat(1_500_000), entry(3), entry(4, { userAgent: `${long}✓` })]);
    const page = await searchLogs([file], { limit: 10 });
    expect(ids(page)).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect((page.entries[0] as unknown as { userAgent: string }).userAgent).toBe(`${long}✓`);
    expect((page.entries[2] as unknown as { userAgent: string }).userAgent).toBe(long);
    expect(page.next).toBeNull();
  });

  it('filters (host, status and class, path prefix, request id, time range) newest first', async () => {
    const file = write('access.log', Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    const q = async (extra: object) => ids(await searchLogs([file], { limit: 100, ...extra }));
    expect(await q({ host: 'odd.test', status: '503' })).toEqual(['r27', 'r21', 'r15', 'r9', 'r3']);
    expect(await q({ status: '5xx', path: '/n/1' })).toEqual(['r18', 'r15', 'r12']);
    expect(await q({ requestId: 'r7' })).toEqual(['r7']);
    expect(await q({ from: new Date(Date.UTC(2025, 0, 1) + 28_000), to: new Date(Date.UTC(2025, 0, 1) + 29_000) })).toEqual(['r29', 'r28']);
  });

  it('pages with a cursor across rotated files, without gaps or repeats, and the cursor survives a rotation', async () => {
    const older = write('access.log.1', Array.from({ length: 10 }, (_, i) => entry(i + 1)));
    const live = write('access.log', Array.from({ length: 10 }, (_, i) => entry(i + 11)));
    const files = [live, older];
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchLogs(files, { limit: 3, cursor });
      seen.push(...ids(page));
      cursor = page.next ?? undefined;
      pages++;
      if (pages === 2) {
        // Rotation: access.log → access.log.1 → access.log.2, a new access.log.
        fs.renameSync(older, path.join(dir, 'access.log.2'));
        fs.renameSync(live, older);
        write('access.log', [entry(99)]);
        files.splice(0, 2, live, older, path.join(dir, 'access.log.2'));
      }
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `r${20 - i}`));
  });

  it('a cursor into a file rotated away ends the search; a malformed one is a 400', async () => {
    const file = write('access.log', [entry(1), entry(2)]);
    const first = await searchLogs([file], { limit: 1 });
    expect(first.next).not.toBeNull();
    fs.rmSync(file);
    write('access.log', [entry(3)]);
    expect(await searchLogs([file], { limit: 1, cursor: first.next! })).toEqual({ entries: [], truncated: false, next: null });
    await expect(searchLogs([file], { limit: 1, cursor: '../../etc/passwd' })).rejects.toMatchObject({ status: 400 });
  });

  it('answers an empty or missing log with nothing', async () => {
    expect(await searchLogs([write('access.log', []), path.join(dir, 'access.log.1')], { limit: 5 })).toEqual({ entries: [], truncated: false, next: null });
  });
});
