// Regexes come from users (location and server-name patterns, rewrites). One bad pattern
// must not stall the engine. Two layers: here, patterns that can only run by
// backtracking (backreferences, lookaround) are refused, so every accepted pattern can
// run on V8's linear-time engine; and the engine process starts with
// --enable-experimental-regexp-engine-on-excessive-backtracks, so a pattern such as
// (a+)+$ that starts to backtrack catastrophically is re-run in linear time.

const MAX_LENGTH = 1024;
const MAX_GROUPS = 64;

/** Returns a reason the pattern is refused, or null when it is acceptable. */
export function checkRegexSafety(source: string): string | null {
  if (source.length > MAX_LENGTH) return `regex is longer than ${MAX_LENGTH} characters`;
  try {
    new RegExp(source);
  } catch (error) {
    return `invalid regex: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  let groups = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'backreferences are not allowed (they cannot run in linear time)';
      i++;
      continue;
    }
    if (ch === '[') {
      // Skip a character class: nothing inside it is a group or an assertion.
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (ch === '(' && i === 1 && source[0] === '^') {
      // One exception: "^(?!/api/|/admin/)…", literal prefixes the path must not start
      // with (a regex nested in a prefix location, imported from nginx). It looks at a
      // fixed few characters once, so it stays linear.
      const end = literalGuardEnd(source, i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (ch === '(') {
      groups++;
      if (source.startsWith('(?=', i) || source.startsWith('(?!', i) || source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
        return 'lookahead and lookbehind are not allowed (they cannot run in linear time)';
      }
    }
  }
  if (groups > MAX_GROUPS) return `regex has more than ${MAX_GROUPS} groups`;
  return null;
}

/** The index of the ")" closing a "(?!literal|literal…)" that starts at `start`, or -1. */
function literalGuardEnd(source: string, start: number): number {
  if (!source.startsWith('(?!', start)) return -1;
  for (let i = start + 3; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === ')') return i > start + 3 ? i : -1;
    if (ch === '\\') {
      if (!/[\\^$.*+?()[\]{}|\/-]/.test(source[i + 1] ?? '')) return -1;
      i++;
      continue;
    }
    if ('()[]{}*+?.^$'.includes(ch)) return -1;
  }
  return -1;
}

/**
 * nginx/PCRE spellings that JavaScript writes differently: named groups written
 * "(?P<name>…)" or "(?'name'…)" (PCRE takes all three forms) become "(?<name>…)". A "("
 * escaped with a backslash is a literal, not a group.
 */
export function pcreToJs(source: string): string {
  return source.replace(/(\\*)\(\?(?:P<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g, (whole, slashes: string, p?: string, quoted?: string) =>
    slashes.length % 2 === 1 ? whole : `${slashes}(?<${p ?? quoted}>`,
  );
}
