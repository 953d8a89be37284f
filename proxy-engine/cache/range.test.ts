import { describe, expect, it } from 'vitest';
import { cachedRange } from './range.ts';

const stored = ['Accept-Ranges', 'bytes'];
const LM = 'Mon, 01 Jan 2024 00:00:00 GMT';

describe('cachedRange', () => {
  const cases: { desc: string; request: Record<string, string>; stored?: string[]; expected: ReturnType<typeof cachedRange> }[] = [
    { desc: 'no Range', request: {}, expected: null },
    { desc: 'first bytes', request: { range: 'bytes=0-9' }, expected: { start: 0, end: 9 } },
    { desc: 'open end', request: { range: 'bytes=90-' }, expected: { start: 90, end: 99 } },
    { desc: 'suffix', request: { range: 'bytes=-10' }, expected: { start: 90, end: 99 } },
    { desc: 'end past the size', request: { range: 'bytes=95-200' }, expected: { start: 95, end: 99 } },
    { desc: 'past the end', request: { range: 'bytes=100-' }, expected: 'unsatisfiable' },
    { desc: 'several ranges: whole body', request: { range: 'bytes=0-1,5-6' }, expected: null },
    { desc: 'upstream without Accept-Ranges', request: { range: 'bytes=0-9' }, stored: [], expected: null },
    { desc: 'If-Range matching ETag', request: { range: 'bytes=0-9', 'if-range': '"a"' }, expected: { start: 0, end: 9 } },
    { desc: 'If-Range stale ETag', request: { range: 'bytes=0-9', 'if-range': '"b"' }, expected: null },
    { desc: 'If-Range date', request: { range: 'bytes=0-9', 'if-range': LM }, expected: { start: 0, end: 9 } },
  ];
  it.each(cases)('$desc', ({ request, expected, ...c }) => expect(cachedRange(request, c.stored ?? stored, 100, '"a"', LM)).toEqual(expected));
});
