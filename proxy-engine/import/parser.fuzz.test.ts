// Random mutations of the seed configurations (fixed seed, bounded): every input must
// give either a result or an NginxParseError with a position inside the text, and every
// result must import into objects that pass the shared schemas (and export to text that
// parses again). Never anything else.
import { describe, expect, it } from 'vitest';
import { HostInput } from '../config/host.ts';
import { PoolInput } from '../config/pool.ts';
import { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { loadFixtures } from './fixture-loader.ts';
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
