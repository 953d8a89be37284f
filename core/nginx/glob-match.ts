// Matches one file or directory name against one path segment of an `include` glob, the
// way glob(3) does it for nginx, without ever building a RegExp from the pattern (a
// pasted `*****…x` must not be able to make a backtracking engine explode).
//
// What glob(3) does, checked against Debian's nginx (`nginx -T`, see glob-match.test.ts):
// - nginx never calls setlocale, so matching is byte by byte (C locale): `?` matches one
//   byte of a UTF-8 name, a bracket holds bytes;
// - `*` any run of bytes, `?` one byte, `[abc]` `[a-z]` `[!a]` `[^a]` `[]a]` `[[:digit:]]`
//   `[[.a.]]` `[[=a=]]`; a backslash quotes the next byte, inside brackets too;
// - a `[` without its `]` is a literal `[`; an unknown `[:class:]` or a trailing backslash
//   makes the pattern match nothing;
// - a leading `.` of a name is matched only by a literal `.` (hidden files stay hidden).
//
// Matching is the classic two-pointer star algorithm: consecutive stars collapse, and on
// a mismatch only the last star moves. Each step advances the name, the pattern or the
// last star's start, so a name of n bytes against a pattern of m tokens takes at most
// (n + 1) × (m + 1) steps, whatever the pattern; the caller can meter them.

const STAR = 0;
const ANY = 1;
const BYTE = 2;
const SET = 3;

type Token = { kind: typeof STAR } | { kind: typeof ANY } | { kind: typeof BYTE; byte: number } | { kind: typeof SET; members: Uint8Array };

/** A compiled path segment of a glob; `null` tokens mean the pattern can match nothing. */
export interface GlobSegment {
  readonly tokens: readonly Token[] | null;
}

/** Counts matching steps, so a caller can bound the work of many matches together. */
export interface GlobMeter {
  steps: number;
}

const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const PERIOD = 0x2e;

// POSIX character classes in the C locale.
const CLASSES: Record<string, (b: number) => boolean> = {
  alnum: (b) => isDigit(b) || isUpper(b) || isLower(b),
  alpha: (b) => isUpper(b) || isLower(b),
  blank: (b) => b === 0x20 || b === 0x09,
  cntrl: (b) => b < 0x20 || b === 0x7f,
  digit: (b) => isDigit(b),
  graph: (b) => b > 0x20 && b < 0x7f,
  lower: (b) => isLower(b),
  print: (b) => b >= 0x20 && b < 0x7f,
  punct: (b) => b > 0x20 && b < 0x7f && !isDigit(b) && !isUpper(b) && !isLower(b),
  space: (b) => b === 0x20 || (b >= 0x09 && b <= 0x0d),
  upper: (b) => isUpper(b),
  xdigit: (b) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66),
};

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}
function isUpper(b: number): boolean {
  return b >= 0x41 && b <= 0x5a;
}
function isLower(b: number): boolean {
  return b >= 0x61 && b <= 0x7a;
}

const INVALID = Symbol('invalid');

/**
 * Reads `[.x.]`, `[=x=]` or `[:name:]` at `at` (which holds the inner `[`). Returns the
 * bytes it stands for and where it ends, null when it is not one (the `[` is a member
 * then), or INVALID for a class nginx's glob does not know.
 */
function readBracketTerm(p: Uint8Array, at: number): { members: number[]; end: number } | null | typeof INVALID {
  const kind = p[at + 1];
  if (kind !== PERIOD && kind !== 0x3d && kind !== 0x3a) return null;
  for (let i = at + 2; i + 1 < p.length; i++) {
    if (p[i] !== kind || p[i + 1] !== CLOSE) continue;
    const inner = p.subarray(at + 2, i);
    if (kind === 0x3a) {
      const test = CLASSES[Buffer.from(inner).toString('latin1')];
      if (!test) return INVALID;
      const members: number[] = [];
      for (let b = 0; b < 256; b++) if (test(b)) members.push(b);
      return { members, end: i + 2 };
    }
    // A collating symbol or an equivalence class of one byte is that byte (C locale).
    return inner.length === 1 ? { members: [inner[0]!], end: i + 2 } : INVALID;
  }
  return null;
}

/** Parses a bracket expression at `open`; null when it has no closing `]` (a literal `[`). */
function readBracket(p: Uint8Array, open: number): { token: Token; end: number } | null | typeof INVALID {
  const members = new Uint8Array(256);
  let i = open + 1;
  const negated = p[i] === 0x21 || p[i] === 0x5e;
  if (negated) i++;
  const first = i;
  while (i < p.length) {
    if (p[i] === CLOSE && i > first) {
      if (negated) for (let b = 0; b < 256; b++) members[b] = members[b] ? 0 : 1;
      return { token: { kind: SET, members }, end: i + 1 };
    }
    // One member: a term, an escaped byte or a byte; then maybe "-" and a range end.
    let low: number;
    if (p[i] === OPEN) {
      const term = readBracketTerm(p, i);
      if (term === INVALID) return INVALID;
      if (term) {
        for (const b of term.members) members[b] = 1;
        // A class cannot start a range; a one-byte symbol can.
        if (term.members.length !== 1 || p[i + 1] === 0x3a) {
          i = term.end;
          continue;
        }
        low = term.members[0]!;
        i = term.end;
      } else low = p[i++]!;
    } else if (p[i] === BACKSLASH) {
      if (i + 1 >= p.length) return null;
      low = p[i + 1]!;
      i += 2;
    } else low = p[i++]!;
    if (p[i] === 0x2d && i + 1 < p.length && p[i + 1] !== CLOSE) {
      let high: number;
      let next = i + 1;
      if (p[next] === BACKSLASH) {
        if (next + 1 >= p.length) return null;
        high = p[next + 1]!;
        next += 2;
      } else if (p[next] === OPEN) {
        const term = readBracketTerm(p, next);
        if (term === INVALID) return INVALID;
        if (term && term.members.length === 1 && p[next + 1] !== 0x3a) {
          high = term.members[0]!;
          next = term.end;
        } else {
          high = p[next]!;
          next++;
        }
      } else high = p[next++]!;
      // A reversed range is empty, as in glibc.
      for (let b = low; b <= high; b++) members[b] = 1;
      i = next;
    } else members[low] = 1;
  }
  return null;
}

/** Compiles one path segment of an include glob (no "/" in it). */
export function compileGlobSegment(segment: string): GlobSegment {
  const p = Buffer.from(segment, 'utf8');
  const tokens: Token[] = [];
  for (let i = 0; i < p.length; ) {
    const b = p[i]!;
    if (b === 0x2a) {
      if (tokens.at(-1)?.kind !== STAR) tokens.push({ kind: STAR });
      i++;
    } else if (b === 0x3f) {
      tokens.push({ kind: ANY });
      i++;
    } else if (b === BACKSLASH) {
      if (i + 1 >= p.length) return { tokens: null };
      tokens.push({ kind: BYTE, byte: p[i + 1]! });
      i += 2;
    } else if (b === OPEN) {
      const bracket = readBracket(p, i);
      if (bracket === INVALID) return { tokens: null };
      if (bracket) {
        tokens.push(bracket.token);
        i = bracket.end;
      } else {
        tokens.push({ kind: BYTE, byte: OPEN });
        i++;
      }
    } else {
      tokens.push({ kind: BYTE, byte: b });
      i++;
    }
  }
  return { tokens };
}

function matchesOne(token: Token, byte: number): boolean {
  if (token.kind === ANY) return true;
  if (token.kind === BYTE) return token.byte === byte;
  return token.kind === SET && token.members[byte] === 1;
}

/** Whether `name` (one path segment) matches the compiled glob segment. */
export function matchGlobSegment(glob: GlobSegment, name: string, meter: GlobMeter = { steps: 0 }): boolean {
  const tokens = glob.tokens;
  if (!tokens) return false;
  const s = Buffer.from(name, 'utf8');
  // A hidden name needs a literal period in the pattern, as glob(3) without GLOB_PERIOD.
  if (s[0] === PERIOD) {
    const first = tokens[0];
    if (!first || first.kind !== BYTE || first.byte !== PERIOD) return false;
  }
  let t = 0;
  let i = 0;
  let starToken = -1;
  let starFrom = 0;
  let steps = 0;
  while (i < s.length) {
    steps++;
    const token = tokens[t];
    if (token !== undefined && token.kind !== STAR && matchesOne(token, s[i]!)) {
      t++;
      i++;
    } else if (token !== undefined && token.kind === STAR) {
      starToken = t++;
      starFrom = i;
    } else if (starToken >= 0) {
      // Let the last star swallow one more byte and retry what follows it.
      t = starToken + 1;
      i = ++starFrom;
    } else {
      meter.steps += steps;
      return false;
    }
  }
  while (tokens[t]?.kind === STAR) t++;
  meter.steps += steps + 1;
  return t === tokens.length;
}

/** Whether a pattern contains glob characters (nginx: `ngx_strpbrk(name, "*?[")`). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}
