// The matching half of a `map`: which entry a source value selects, in nginx's order —
// exact keys (ASCII case ignored), then with `hostnames` the longest "*.x"/".x" mask,
// then the longest "x.*" mask, then the regexes in the order written. An empty value is
// never matched against a regex (nginx skips them for it).
import type { VariableMap } from '../../core/config/variable-maps.ts';
import { asciiLower } from '../../core/config/variable-maps.ts';
import { normalizedMask } from '../../core/config/variable-map-masks.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';

/** What matched: the entry's index, and the regex match when a regex chose it. */
export interface MapHit {
  index: number;
  match: RegExpExecArray | null;
}

export type MapLookup = (source: string) => MapHit | null;

export function compileMapLookup(map: VariableMap): MapLookup {
  const exact = new Map<string, number>();
  const heads: { suffix: string; index: number }[] = [];
  const tails: { prefix: string; index: number }[] = [];
  const regexes: { regex: RegExp; index: number }[] = [];
  map.entries.forEach((entry, index) => {
    // Bytes, one char each, like the values compared with them.
    const key = utf8Bytes(entry.key);
    if (entry.match !== 'exact') {
      // Bytes, as PCRE in nginx: the values matched (headers, $uri) are bytes, one char each.
      regexes.push({ regex: new RegExp(key, entry.match === 'regexCaseless' ? 'i' : ''), index });
      return;
    }
    if (!map.hostnames) {
      if (!exact.has(asciiLower(key))) exact.set(asciiLower(key), index);
      return;
    }
    const { mask } = normalizedMask(key);
    if (mask.kind === 'exact') exact.set(mask.name, index);
    else if (mask.kind === 'tail') tails.push({ prefix: `${mask.prefix}.`, index });
    else {
      if (mask.alsoExact) exact.set(mask.suffix, index);
      heads.push({ suffix: `.${mask.suffix}`, index });
    }
  });
  // The most specific mask wins: nginx walks the name label by label as deep as it can.
  heads.sort((a, b) => b.suffix.length - a.suffix.length);
  tails.sort((a, b) => b.prefix.length - a.prefix.length);

  return (source) => {
    const value = map.hostnames && source.endsWith('.') ? source.slice(0, -1) : source;
    const lowered = asciiLower(value);
    const found = exact.get(lowered);
    if (found !== undefined) return { index: found, match: null };
    if (map.hostnames && lowered !== '') {
      for (const head of heads) if (lowered.length > head.suffix.length && lowered.endsWith(head.suffix)) return { index: head.index, match: null };
      for (const tail of tails) if (lowered.startsWith(tail.prefix)) return { index: tail.index, match: null };
    }
    if (value === '') return null;
    for (const { regex, index } of regexes) {
      const match = regex.exec(value);
      if (match) return { index, match };
    }
    return null;
  };
}
