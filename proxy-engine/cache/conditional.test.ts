import { describe, expect, it } from 'vitest';
import { notModified } from './conditional.ts';

const LM = 'Mon, 01 Jan 2024 00:00:00 GMT';

describe('notModified (nginx not_modified filter on a cached 200)', () => {
  const cases = [
    { desc: 'no conditionals', headers: {}, expected: false },
    { desc: 'matching ETag', headers: { 'if-none-match': '"a"' }, expected: true },
    { desc: 'one of several, weakly', headers: { 'if-none-match': '"x", W/"a"' }, expected: true },
    { desc: 'star', headers: { 'if-none-match': '*' }, expected: true },
    { desc: 'other ETag', headers: { 'if-none-match': '"b"' }, expected: false },
    { desc: 'exact date', headers: { 'if-modified-since': LM }, expected: true },
    { desc: 'later date (nginx compares exactly)', headers: { 'if-modified-since': 'Tue, 02 Jan 2024 00:00:00 GMT' }, expected: false },
    { desc: 'both must hold', headers: { 'if-modified-since': LM, 'if-none-match': '"b"' }, expected: false },
  ];
  it.each(cases)('$desc', ({ headers, expected }) => expect(notModified(headers, '"a"', LM)).toBe(expected));
  it('no validators: never', () => expect(notModified({ 'if-none-match': '*' }, null, null)).toBe(false));
});
