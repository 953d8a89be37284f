// Random mutations of the seed configurations (fixed seed, bounded): every input must
// give either a result or an NginxParseError with a position inside the text, and every
// result must import into objects that pass the shared schemas (and export to text that
// parses again). Never anything else. Random include graphs with random globs likewise
// end in a result, a parse error or a crossed import limit: never a stack overflow, and
// never more glob-matching work than the limit allows.
import { describe, expect, it } from 'vitest';
import { HostInput } from '../config/host.ts';
import { PoolInput } from '../config/pool.ts';
import { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { loadFixtures } from '../../test/helpers/nginx-fixtures.ts';
import { ImportBudget, IMPORT_LIMITS, ImportLimitError } from './import-limits.ts';
import { exportNginx } from './export-nginx.ts';
import { importNginx } from './import-nginx.ts';
import { NginxParseError } from './parse-error.ts';
import { parseNginx } from './parser.ts';

const ITERATIONS = 3000;

/** mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIALS = ['{', '}', ';', '"', "'", '#', '\\', '$', ' ', '\n', '(', ')', '~', '=', '^', '*', 'a', '0', '${', '\r', '\t'];

function mutate(text: string, next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  let out = text;
  const edits = 1 + pick(4);
  for (let i = 0; i < edits; i++) {
    const at = pick(out.length + 1);
    switch (pick(6)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + pick(3));
        break;
      case 1:
        out = out.slice(0, at) + SPECIALS[pick(SPECIALS.length)] + out.slice(at);
        break;
      case 2: {
        const from = pick(out.length);
        out = out.slice(0, at) + out.slice(from, from + pick(40)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at);
        break;
      case 4: {
        const other = pick(out.length);
        const chars = [...out];
        [chars[at], chars[other]] = [chars[other] ?? '', chars[at] ?? ''];
        out = chars.join('');
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(pick(0x250)) + out.slice(at);
    }
  }
  return out;
}

/** True when the input itself parses (so a parse error must have come from the export). */
function parsedOnce(input: string, files: Record<string, string>): boolean {
  try {
    parseNginx(input, files);
    return true;
  } catch {
    return false;
  }
}

describe('parser and importer under random mutations', () => {
  it(`survive ${ITERATIONS} mutated seed configurations`, () => {
    const fixtures = loadFixtures();
    const next = random(0x5eed);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const fixture = fixtures[i % fixtures.length]!;
      const input = mutate(fixture.text, next);
      try {
        const plan = importNginx(input, fixture.files);
        for (const host of plan.hosts) HostInput.parse(host);
        for (const pool of plan.pools) PoolInput.parse(pool);
        for (const zone of plan.cacheZones) CacheZoneInput.parse(zone);
        for (const zone of plan.limitZones) LimitZoneInput.parse(zone);
        for (const w of plan.warnings) expect(w.line).toBeGreaterThanOrEqual(1);
        // Whatever imports must also export, and the export must parse again.
        parseNginx(exportNginx(plan));
        parsed++;
      } catch (error) {
        if (!(error instanceof NginxParseError) || parsedOnce(input, fixture.files)) {
          throw new Error(`iteration ${i} (${fixture.name}) threw ${String(error)}\n--- input ---\n${input}`);
        }
        const lines = input.split('\n').length;
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.line).toBeLessThanOrEqual(lines + 1);
        expect(error.column).toBeGreaterThanOrEqual(1);
        expect(error.message.length).toBeGreaterThan(0);
        rejected++;
      }
    }
    // Both outcomes must really be exercised.
    expect(parsed).toBeGreaterThan(ITERATIONS / 10);
    expect(rejected).toBeGreaterThan(ITERATIONS / 10);
  });
});

const GLOB_PIECES = ['*', '*', '?', 'l', '1', '2', '_', '.', 'conf', '[12]', '[!2]', '[a-z]', '\\*', '[', ']', 'x', '/', 'conf.d/'];

function randomGlob(pick: (n: number) => number): string {
  let glob = '';
  for (let i = 1 + pick(8); i > 0; i--) glob += GLOB_PIECES[pick(GLOB_PIECES.length)];
  return glob;
}

/**
 * Files that include each other through random globs, with servers and comments between;
 * half of the graphs are layered (level d includes globs over level d + 1), which is how
 * includes multiply without a cycle.
 */
function randomIncludeGraph(pick: (n: number) => number): { text: string; files: Record<string, string> } {
  const layered = pick(2) === 0;
  const levels = 1 + pick(7);
  const width = 1 + pick(12);
  const names = layered
    ? Array.from({ length: levels * width }, (_, i) => `l${Math.floor(i / width)}_${i % width}`)
    : Array.from({ length: 2 + pick(30) }, (_, i) => `${pick(3) === 0 ? 'conf.d/' : ''}l${pick(4)}_${i}${pick(2) ? '.conf' : ''}`);
  const include = (level: number) => {
    if (!layered || pick(5) === 0) return `include ${randomGlob(pick)};`;
    return `include l${level + 1}_${['*', '?', '[0-4]', '[!0]*', '1*'][pick(5)]};`;
  };
  const body = (level: number) =>
    Array.from({ length: 1 + pick(4) }, () => {
      switch (pick(5)) {
        case 0:
          return 'server { listen 80; server_name a.test; }';
        case 1:
          return `# ${'x'.repeat(pick(50))}`;
        default:
          return include(level);
      }
    }).join('\n');
  const files = Object.fromEntries(names.map((name) => [name, body(Number(/^l(\d+)_/.exec(name)?.[1] ?? 0))]));
  return { text: body(-1), files };
}

describe('the importer under random include graphs', () => {
  it('ends every graph in a result, a parse error or a crossed limit, within the match budget', () => {
    const next = random(0x1c1d);
    const pick = (n: number) => Math.floor(next() * n);
    const outcomes = { imported: 0, refused: 0, limited: 0 };
    for (let i = 0; i < 250; i++) {
      const { text, files } = randomIncludeGraph(pick);
      const budget = new ImportBudget();
      try {
        parseNginx(text, files, budget);
        importNginx(text, files);
        outcomes.imported++;
      } catch (error) {
        if (!(error instanceof NginxParseError)) throw new Error(`graph ${i} threw ${String(error)}\n${JSON.stringify({ text, files })}`);
        if (error instanceof ImportLimitError) outcomes.limited++;
        else outcomes.refused++;
      }
      // Counted work never runs past a bound by more than one step's worth.
      expect(budget.match.steps).toBeLessThanOrEqual(IMPORT_LIMITS.matchSteps + 1_000_000);
      expect(budget.used.includedFiles).toBeLessThanOrEqual(IMPORT_LIMITS.includedFiles + 1);
    }
    // Every outcome must really be exercised.
    expect(outcomes.imported).toBeGreaterThan(40);
    expect(outcomes.refused).toBeGreaterThan(10);
    expect(outcomes.limited).toBeGreaterThan(10);
  }, 120_000);
});
