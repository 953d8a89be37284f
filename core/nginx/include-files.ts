// Resolves `include` (and `auth_basic_user_file`) against the files pasted next to the
// main configuration. People paste "conf.d/app.conf" while the config says
// "/etc/nginx/conf.d/*.conf", so a key matches when it equals the pattern, glob-matches
// it, or matches its trailing path segments. Matches come back sorted, as glob(3) returns
// them to nginx.
//
// The keys are split and indexed by file name once per import: a literal name is a map
// look-up, and only a glob in the last segment scans the keys, metered so that many
// includes over many keys stay bounded (glob-match.ts bounds each single match).
import { compileGlobSegment, type GlobMeter, type GlobSegment, isGlob, matchGlobSegment } from './glob-match.ts';

interface Key {
  key: string;
  segments: string[];
}

/** A whole-import budget was spent while matching; the caller reports where. */
export class MatchBudgetExceeded extends Error {
  constructor() {
    super('include matching budget exceeded');
    this.name = 'MatchBudgetExceeded';
  }
}

/** Splits a pasted key or a literal path; backslashes are separators (pasted Windows paths). */
function splitPath(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.');
}

/** Splits a glob: a backslash there quotes the next character, as in glob(3). */
function splitGlob(pattern: string): string[] {
  return pattern.split('/').filter((segment) => segment !== '' && segment !== '.');
}

type SegmentTest = (name: string) => boolean;

function segmentsMatch(pattern: readonly SegmentTest[], path: readonly string[], from: number): boolean {
  for (let i = 0; i < pattern.length; i++) if (!pattern[i]!(path[from + i]!)) return false;
  return true;
}

/** Whether the key, compared on the trailing segments they share, matches the pattern. */
function keyMatches(pattern: readonly SegmentTest[], key: readonly string[]): boolean {
  if (key.length === 0) return false;
  // "/etc/nginx/conf.d/*.conf" vs "conf.d/app.conf", or "mime.types" vs "/etc/nginx/mime.types".
  if (key.length < pattern.length) return segmentsMatch(pattern.slice(pattern.length - key.length), key, 0);
  return segmentsMatch(pattern, key, key.length - pattern.length);
}

export class PastedFiles {
  readonly #files: Readonly<Record<string, string>>;
  readonly #keys: Key[];
  /** Keys by their last path segment. */
  readonly #byName = new Map<string, Key[]>();

  constructor(files: Readonly<Record<string, string>>) {
    this.#files = files;
    this.#keys = Object.keys(files).map((key) => ({ key, segments: splitPath(key) }));
    for (const entry of this.#keys) {
      const name = entry.segments.at(-1);
      if (name === undefined) continue;
      const list = this.#byName.get(name);
      if (list) list.push(entry);
      else this.#byName.set(name, [entry]);
    }
  }

  content(key: string): string {
    return Object.hasOwn(this.#files, key) ? this.#files[key]! : '';
  }

  /** Keys a literal path (no glob: `auth_basic_user_file`, a glob-free include) may name, sorted. */
  findAll(path: string, meter: GlobMeter = { steps: 0 }, maxSteps = Infinity): string[] {
    if (Object.hasOwn(this.#files, path)) return [path];
    const wanted = splitPath(path);
    const tests = wanted.map((w): SegmentTest => (name) => name === w);
    return this.#scan(this.#byName.get(wanted.at(-1) ?? '') ?? [], tests, meter, maxSteps);
  }

  /**
   * Keys of the files an `include <pattern>;` refers to, sorted. The work is added to
   * `meter`; past `maxSteps` it throws MatchBudgetExceeded.
   */
  include(pattern: string, meter: GlobMeter, maxSteps: number): string[] {
    if (!isGlob(pattern)) return this.findAll(pattern, meter, maxSteps);
    if (Object.hasOwn(this.#files, pattern)) return [pattern];
    const segments = splitGlob(pattern);
    if (segments.length === 0) return [];
    const globs: GlobSegment[] = segments.map(compileGlobSegment);
    const tests = globs.map((glob): SegmentTest => (name) => matchGlobSegment(glob, name, meter));
    const last = segments.at(-1)!;
    // A literal file name ("/etc/nginx/*/ssl.conf") narrows the keys to look at.
    const candidates = isGlob(last) || last.includes('\\') ? this.#keys : (this.#byName.get(last) ?? []);
    return this.#scan(candidates, tests, meter, maxSteps);
  }

  #scan(candidates: readonly Key[], tests: readonly SegmentTest[], meter: GlobMeter, maxSteps: number): string[] {
    const found: string[] = [];
    for (const candidate of candidates) {
      meter.steps++;
      if (keyMatches(tests, candidate.segments)) found.push(candidate.key);
      if (meter.steps > maxSteps) throw new MatchBudgetExceeded();
    }
    return found.sort();
  }
}

export { isGlob as isGlobPattern };
