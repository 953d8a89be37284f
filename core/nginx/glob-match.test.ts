// The include glob matcher: glob(3)'s rules as Debian's nginx applies them (each case
// below is also checked against `nginx -T`), and a bounded number of steps whatever the
// pattern (a pasted `*****…x` once kept the dashboard busy for minutes).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGlobSegment, type GlobMeter, matchGlobSegment } from './glob-match.ts';
import { hasNginx, NGINX_BINARY } from '../../test/helpers/nginx-oracle.ts';

interface Case {
  desc: string;
  pattern: string;
  names: string[];
  /** The names nginx includes. */
  matches: string[];
}

const cases: Case[] = [
  { desc: 'star skips hidden names', pattern: '*', names: ['a.conf', '.hidden', 'b'], matches: ['a.conf', 'b'] },
  { desc: 'star with a suffix', pattern: '*.conf', names: ['a.conf', 'b.conf.bak', 'conf', '.conf'], matches: ['a.conf'] },
  { desc: 'question mark is one byte', pattern: '?', names: ['a', 'ab', 'é', '€'], matches: ['a'] },
  { desc: 'two question marks match a two-byte letter', pattern: '??', names: ['é', 'ab', 'a'], matches: ['é', 'ab'] },
  { desc: 'question mark does not match a leading period', pattern: '?hidden', names: ['.hidden', 'xhidden'], matches: ['xhidden'] },
  { desc: 'a bracket does not match a leading period', pattern: '[.]hidden', names: ['.hidden'], matches: [] },
  { desc: 'an escaped period matches a leading one', pattern: '\\.h*', names: ['.hidden', 'hidden'], matches: ['.hidden'] },
  { desc: 'a literal period matches a leading one', pattern: '.h*', names: ['.hidden', 'hidden'], matches: ['.hidden'] },
  { desc: 'negated bracket with !', pattern: '[!a]*', names: ['a', 'b', 'c'], matches: ['b', 'c'] },
  { desc: 'negated bracket with ^', pattern: '[^a]*', names: ['a', 'b', 'c'], matches: ['b', 'c'] },
  { desc: '] first in a bracket is a member', pattern: '[]a]', names: [']', 'a', 'b'], matches: [']', 'a'] },
  { desc: '] first in a negated bracket is a member', pattern: '[!]]', names: [']', 'a'], matches: ['a'] },
  { desc: 'range', pattern: '[a-c]', names: ['a', 'b', 'c', 'd', '-'], matches: ['a', 'b', 'c'] },
  { desc: 'reversed range is empty', pattern: '[z-a]', names: ['a', 'm', 'z'], matches: [] },
  { desc: 'trailing - is a member', pattern: '[a-]', names: ['a', '-', 'b'], matches: ['a', '-'] },
  { desc: 'range of punctuation', pattern: '[%--]', names: ['%', '+', ',', '-', 'a'], matches: ['%', '+', ',', '-'] },
  { desc: 'escaped - is a member', pattern: '[a\\-c]', names: ['a', 'b', 'c', '-', '\\'], matches: ['a', 'c', '-'] },
  { desc: 'escaped ] inside a bracket', pattern: '[\\]]', names: [']', '\\', 'a'], matches: [']'] },
  { desc: 'character class', pattern: '[[:digit:]]x', names: ['1x', 'ax'], matches: ['1x'] },
  { desc: 'classes and letters together', pattern: '[[:upper:]_]*', names: ['Ab', '_a', 'ab'], matches: ['Ab', '_a'] },
  { desc: 'an unknown class matches nothing', pattern: '[[:foo:]]', names: ['a', 'f', ':'], matches: [] },
  { desc: 'collating symbol of one byte', pattern: '[[.a.]]', names: ['a', 'b'], matches: ['a'] },
  { desc: 'equivalence class of one byte', pattern: '[[=a=]]', names: ['a', 'b'], matches: ['a'] },
  { desc: 'a bracket holds bytes, not letters', pattern: '[é]', names: ['é', 'a'], matches: [] },
  { desc: 'a range ends at a byte', pattern: '[a-é]', names: ['b', 'z', 'é', 'ÿ'], matches: ['b', 'z'] },
  { desc: 'escaped star', pattern: '\\*', names: ['*', 'a'], matches: ['*'] },
  { desc: 'unterminated bracket is a literal [', pattern: '[ab', names: ['[ab', 'a'], matches: ['[ab'] },
  { desc: 'a lone [ is literal', pattern: '[', names: ['[', 'a'], matches: ['['] },
  { desc: '[] is literal', pattern: '[]', names: ['[]'], matches: ['[]'] },
  { desc: '[!] is literal', pattern: '[!]', names: ['[!]', 'a'], matches: ['[!]'] },
  { desc: 'unterminated bracket, then a bracket', pattern: '[[:alpha:]', names: ['[a', '[:', 'a'], matches: ['[a', '[:'] },
  { desc: 'literal [ after a star', pattern: 'a*[', names: ['a[', 'ab[', 'a'], matches: ['a[', 'ab['] },
  { desc: 'a trailing backslash matches nothing', pattern: '[a]b\\', names: ['ab\\', 'ab'], matches: [] },
  { desc: 'stars collapse', pattern: `${'*'.repeat(300)}x`, names: ['ax', 'x', 'xa'], matches: ['ax', 'x'] },
  { desc: 'case matters', pattern: 'A*', names: ['Ab', 'ab'], matches: ['Ab'] },
  { desc: 'star in the middle backtracks to the last star only', pattern: 'a*b*c', names: ['abc', 'aXbYc', 'abcb', 'acb', 'abbc'], matches: ['abc', 'aXbYc', 'abbc'] },
];

function portico(pattern: string, names: readonly string[]): string[] {
  const glob = compileGlobSegment(pattern);
  return names.filter((name) => matchGlobSegment(glob, name)).sort();
}

/** The names of `dir` that nginx includes for `include <dir>/<pattern>;` (`nginx -T` lists them); null when nginx refuses. */
function nginxIncludes(pattern: string, names: readonly string[]): string[] | null {
  const prefix = mkdtempSync(join(tmpdir(), 'portico-glob-'));
  try {
    const dir = join(prefix, 'inc');
    mkdirSync(dir);
    names.forEach((name, i) => writeFileSync(join(dir, name), `map $uri $v${i} { default 1; }\n`));
    const quoted = `${dir}/${pattern}`.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    writeFileSync(join(prefix, 'nginx.conf'), `error_log ${prefix}/error.log;\npid ${prefix}/nginx.pid;\nevents {}\nhttp { include '${quoted}'; }\n`);
    const out = execFileSync(NGINX_BINARY, ['-T', '-q', '-c', join(prefix, 'nginx.conf'), '-p', `${prefix}/`], { stdio: 'pipe', timeout: 10_000 }).toString();
    const marker = `# configuration file ${dir}/`;
    return out
      .split('\n')
      .filter((line) => line.startsWith(marker))
      .map((line) => line.slice(marker.length, -1))
      .sort();
  } catch {
    return null;
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

describe('include glob matching', () => {
  it.each(cases)('$desc: $pattern', ({ pattern, names, matches }) => {
    expect(portico(pattern, names)).toEqual([...matches].sort());
  });

  it.skipIf(!hasNginx)('agrees with nginx -T on every case', () => {
    const disagreements = cases.flatMap(({ pattern, names }) => {
      const nginx = nginxIncludes(pattern, names);
      const ours = portico(pattern, names);
      return nginx !== null && JSON.stringify(nginx) === JSON.stringify(ours) ? [] : [{ pattern, nginx, portico: ours }];
    });
    expect(disagreements).toEqual([]);
  });

  it.skipIf(!hasNginx)('agrees with nginx -T on random patterns', () => {
    const names = ['a', 'b', 'ab', 'abc', 'a.conf', '.hidden', 'x-y', 'A1', ']', '[', '!a', '^', 'é', 'aaa', '-', '\\', '*', 'a]b', '[a', 'ba'];
    const pieces = ['a', 'b', 'c', '.', '*', '*', '?', '[', ']', '!', '^', '-', '\\', '[:alpha:]', '[:lower:]', 'é', 'x', '1'];
    let seed = 0x91ab;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const disagreements: unknown[] = [];
    let compared = 0;
    for (let attempt = 0; compared < 100 && attempt < 1000; attempt++) {
      let pattern = '';
      for (let i = 1 + next(7); i > 0; i--) pattern += pieces[next(pieces.length)];
      // nginx opens a pattern without *, ? or [ as a plain file name.
      if (!/[*?[]/.test(pattern)) continue;
      const nginx = nginxIncludes(pattern, names);
      if (nginx === null) continue;
      compared++;
      const ours = portico(pattern, names);
      if (JSON.stringify(nginx) !== JSON.stringify(ours)) disagreements.push({ pattern, nginx, portico: ours });
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBe(100);
  }, 120_000);
});

describe('matching work is bounded by the pattern and the name, never exponential', () => {
  // (n + 1) × (m + 1) for a name of n bytes and a pattern of m tokens (stars collapsed).
  const hostile = [
    { desc: 'the issue: 12 stars and an x against 20 a and a y', pattern: `${'*'.repeat(12)}x`, name: `${'a'.repeat(20)}y`, tokens: 2 },
    { desc: '2,000 stars', pattern: `${'*'.repeat(2000)}x`, name: `${'a'.repeat(1000)}y`, tokens: 2 },
    { desc: 'alternating star and letter', pattern: `${'*a'.repeat(200)}b`, name: 'a'.repeat(1000), tokens: 401 },
    { desc: 'star and question marks', pattern: `${'*?'.repeat(300)}x`, name: '?'.repeat(1000), tokens: 601 },
    { desc: 'star and brackets', pattern: `${'*[ab]'.repeat(300)}c`, name: 'ab'.repeat(500), tokens: 601 },
  ];
  it.each(hostile)('$desc', ({ pattern, name, tokens }) => {
    const meter: GlobMeter = { steps: 0 };
    expect(matchGlobSegment(compileGlobSegment(pattern), name, meter)).toBe(false);
    expect(meter.steps).toBeLessThanOrEqual((Buffer.byteLength(name) + 1) * (tokens + 1));
  });
});
