// Counts read as English ("1 request", "2 requests", "1 policy"), and the dashboard has no
// count-and-noun phrase built by hand: every one goes through plural()/noun(), so none
// reads "1 request(s)" or "1 requests".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { noun, plural } from './plural.ts';

describe('plural', () => {
  it.each([
    { n: 0, word: 'request', expected: '0 requests' },
    { n: 1, word: 'request', expected: '1 request' },
    { n: 2, word: 'request', expected: '2 requests' },
    { n: 1, word: 'policy', expected: '1 policy' },
    { n: 3, word: 'policy', expected: '3 policies' },
    { n: 12500, word: 'line', expected: '12,500 lines' },
  ])('$n $word → $expected', ({ n, word, expected }) => expect(plural(n, word)).toBe(expected));

  it('takes an irregular plural, and agrees a verb', () => {
    expect(plural(2, 'try', 'tries')).toBe('2 tries');
    expect(`${plural(1, 'location')} ${noun(1, 'sends')}`).toBe('1 location sends');
    expect(`${plural(4, 'location')} ${noun(4, 'sends')}`).toBe('4 locations send');
  });
});

/** Ways of pluralising by hand, each a phrase that once read wrong or is easy to get wrong. */
const HAND_MADE = [
  // A word in prose ("1 location(s)"), not a call such as limitedOf(s).
  { name: '"(s)" after a noun', pattern: /\s[a-z]+\(s\)/ },
  { name: "a suffix chosen by `=== 1 ? '' : 's'`", pattern: /[=!]==\s*1\s*\?\s*(['"`])[^'"`]*\1\s*:\s*(['"`])[^'"`]*s\2/ },
  { name: "a suffix chosen by `> 1 ? 's' : ''`", pattern: /[><]\s*\d\s*\?\s*(['"`])s\1\s*:\s*(['"`])\2/ },
  { name: "a phrase chosen by `=== 1 ? '1 …'`", pattern: /===\s*1\s*\?\s*(['"`])1 [a-z]/ },
  { name: 'a count next to a plural noun', pattern: /\{\s*[\w.?]+\.length\s*\}\s+(requests|servers|hosts|pools|locations|policies|lines|fields|errors|zones|names|objects|problems)\b/ },
];

const ROOTS = ['components', 'app/(dashboard)', 'app/(auth)', 'app/_lib/queries', 'cli', 'controller', 'core/views'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'plural.ts' ? [full] : [];
  });
}

describe('the dashboard and the controller count with plural()', () => {
  const root = path.join(import.meta.dirname, '../..');
  const files = ROOTS.flatMap((r) => sources(path.join(root, r)));

  it('scans the dashboard sources', () => expect(files.length).toBeGreaterThan(100));

  it.each(HAND_MADE)('has no $name', ({ pattern }) => {
    const found = files.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (pattern.test(line) ? [`${path.relative(root, file)}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
