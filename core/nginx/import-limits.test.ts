// The bounds on one import's work (import-limits.ts): each is reached by the smallest
// input that multiplies work (include fan-out, one file included many times, globs over
// many names), stops with an ImportLimitError that names the bound and the directive
// where it was crossed, and is not reached by the same input one step smaller.
import { describe, expect, it } from 'vitest';
import type { NginxDirective } from './ast.ts';
import { importNginx } from './import-nginx.ts';
import { IMPORT_LIMITS, ImportLimitError, type ImportLimitName } from './import-limits.ts';
import { parseNginx } from './parser.ts';
import { Scope } from './scope.ts';

type Files = Record<string, string>;

function limitError(text: string, files: Files = {}): ImportLimitError {
  try {
    importNginx(text, files);
  } catch (error) {
    if (error instanceof ImportLimitError) return error;
    throw error;
  }
  throw new Error('the import crossed no limit');
}

/** `levels` files in a chain, each including the next. */
function chain(levels: number): { text: string; files: Files } {
  const files: Files = {};
  for (let i = 1; i <= levels; i++) files[`f${i}.conf`] = i < levels ? `include f${i + 1}.conf;` : 'worker_processes 1;';
  return { text: 'include f1.conf;', files };
}

/** Each file of a level includes every file of the next (`l{d}_*`), `width` per level. */
function fanOut(levels: number, width: number): { text: string; files: Files } {
  const files: Files = {};
  for (let d = 1; d <= levels; d++) for (let i = 0; i < width; i++) files[`l${d}_${i}`] = d < levels ? `include l${d + 1}_*;` : 'worker_processes 1;';
  return { text: 'include l1_*;', files };
}

function repeat(line: string, count: number): string {
  return Array.from({ length: count }, () => line).join('\n');
}

function nested(depth: number): string {
  return `${'location / { '.repeat(depth)}${'} '.repeat(depth)}`;
}

const names = (count: number, name: (i: number) => string): Files => Object.fromEntries(Array.from({ length: count }, (_, i) => [name(i), 'worker_processes 1;']));

interface Case {
  desc: string;
  input: { text: string; files: Files };
  limit: ImportLimitName;
  /** Where the limit is crossed: the directive's file (undefined: the main text) and line. */
  file: string | undefined;
  line: number;
  /** The same shape one step smaller imports. */
  within: { text: string; files: Files };
}

const MiB = 1024 * 1024;
const cases: Case[] = [
  {
    desc: 'the issue: ten files a level including the next level, six levels',
    input: fanOut(6, 10),
    limit: 'includedFiles',
    // Depth first: the 5,001st file is l6_8, included from l5_9 (under l4_4, l3_4, l2_0, l1_0).
    file: 'l5_9',
    line: 1,
    within: fanOut(3, 10),
  },
  {
    desc: 'one glob over more files than the limit',
    input: { text: 'include conf.d/*.conf;', files: names(IMPORT_LIMITS.includedFiles + 1, (i) => `conf.d/s${i}.conf`) },
    limit: 'includedFiles',
    file: undefined,
    line: 1,
    within: { text: 'include conf.d/*.conf;', files: names(IMPORT_LIMITS.includedFiles, (i) => `conf.d/s${i}.conf`) },
  },
  {
    desc: 'one file included more times than the limit',
    input: { text: repeat('include a.conf;', IMPORT_LIMITS.includedFiles + 1), files: { 'a.conf': '' } },
    limit: 'includedFiles',
    file: undefined,
    line: IMPORT_LIMITS.includedFiles + 1,
    within: { text: repeat('include a.conf;', IMPORT_LIMITS.includedFiles), files: { 'a.conf': '' } },
  },
  {
    desc: 'includes nested deeper than the limit',
    input: chain(IMPORT_LIMITS.includeDepth + 1),
    limit: 'includeDepth',
    file: `f${IMPORT_LIMITS.includeDepth}.conf`,
    line: 1,
    within: chain(IMPORT_LIMITS.includeDepth),
  },
  {
    // 1,001 directives an include (the include itself counts): 199 fit, the 200th stops at line 801.
    desc: 'a file of 1,000 directives included 200 times',
    input: { text: repeat('include d.conf;', 200), files: { 'd.conf': repeat('worker_rlimit_nofile 1;', 1000) } },
    limit: 'directives',
    file: 'd.conf',
    line: 801,
    within: { text: repeat('include d.conf;', 199), files: { 'd.conf': repeat('worker_rlimit_nofile 1;', 1000) } },
  },
  {
    desc: 'a 1 MiB file included 16 times',
    input: { text: repeat('include big.conf;', 16), files: { 'big.conf': `#${'x'.repeat(MiB - 1)}` } },
    limit: 'expandedBytes',
    file: undefined,
    line: 16,
    within: { text: repeat('include big.conf;', 15), files: { 'big.conf': `#${'x'.repeat(MiB - 1)}` } },
  },
  {
    desc: 'blocks nested deeper than the limit',
    input: { text: `server { ${nested(IMPORT_LIMITS.nesting)} }`, files: {} },
    limit: 'nesting',
    file: undefined,
    line: 1,
    within: { text: `server { ${nested(IMPORT_LIMITS.nesting - 1)} }`, files: {} },
  },
  {
    desc: 'an include pattern longer than nginx accepts',
    input: { text: `include ${'a'.repeat(IMPORT_LIMITS.includePatternBytes)}*;`, files: {} },
    limit: 'includePatternBytes',
    file: undefined,
    line: 1,
    within: { text: `include ${'a'.repeat(IMPORT_LIMITS.includePatternBytes - 1)}*;`, files: {} },
  },
  {
    desc: 'many globs that match nothing over many names',
    input: { text: repeat(`include ${'*?'.repeat(8)}.conf;`, 2000), files: names(2000, (i) => `site-number-${i}`) },
    limit: 'matchSteps',
    file: undefined,
    line: 0,
    within: { text: repeat(`include ${'*?'.repeat(8)}.conf;`, 20), files: names(2000, (i) => `site-number-${i}`) },
  },
];

describe('import limits', () => {
  it.each(cases)('$desc → $limit', ({ input, limit, file, line, within }) => {
    const error = limitError(input.text, input.files);
    expect(error).toMatchObject({ limit, max: IMPORT_LIMITS[limit], file });
    if (line > 0) expect(error.line).toBe(line);
    expect(error.message).toContain(`import limit "${limit}": more than ${IMPORT_LIMITS[limit]}`);
    expect(error.toJSON()).toMatchObject({ limit, max: IMPORT_LIMITS[limit], line: error.line, column: error.column });
    expect(() => importNginx(within.text, within.files)).not.toThrow();
  });

  it('says through which files a limit was reached', () => {
    expect(limitError(fanOut(6, 10).text, fanOut(6, 10).files).message).toContain('"l6_8" included from "l5_9" ← "l4_4" ← "l3_4" ← … ← "l1_0"');
  });
});

describe('hostile includes that stay within the limits', () => {
  it('matches 2,000 stars against a pasted name without backtracking', () => {
    const plan = importNginx(`include ${'*'.repeat(2000)}x;`, { [`${'a'.repeat(20)}y`]: 'worker_processes 1;' });
    expect(plan.warnings).toEqual([expect.objectContaining({ directive: 'include', message: expect.stringContaining('no pasted file matches') })]);
  });

  it('reports 150,000 missing includes without overflowing the stack', () => {
    const plan = importNginx(repeat('include missing.conf;', 150_000));
    expect(plan.warnings).toHaveLength(150_000);
  });

  it('lists 150,000 servers of one level without overflowing the stack', () => {
    const server: NginxDirective = { name: 'server', args: [], argInfo: [], line: 1, column: 1, block: [] };
    const http = new Scope('http', Array.from({ length: 150_000 }, () => server), null);
    expect(http.own('server', 'upstream')).toHaveLength(150_000);
  });

  it('shares one budget between parsing and mapping', () => {
    // The parser alone counts the same totals as a whole import.
    expect(() => parseNginx(fanOut(6, 10).text, fanOut(6, 10).files)).toThrow(ImportLimitError);
  });
});
