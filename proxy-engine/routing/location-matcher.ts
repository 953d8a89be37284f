// Location selection with nginx's precedence, on the normalised path:
// 1. "=" exact match wins at once;
// 2. the longest prefix is remembered; if it is "^~", it wins without regex search;
//    if the path is a prefix location minus its trailing slash and that location
//    proxies, nginx answers 301 to the slashed path (auto redirect), before regexes;
// 3. regex locations ("~", "~*") in configuration order, first match wins;
// 4. otherwise the longest prefix; otherwise no location (404).
import type { MatchKind } from '../../core/config/location.ts';
import type { LocationMatchReason } from '../../core/contract/trace.ts';
import { canonicalLocationPath, decodedUri, utf8Bytes } from '../../core/config/normalize-uri.ts';


export interface LocationMatch<T> {
  location: T;
  reason: LocationMatchReason;
  /** The matched prefix (for proxy URI replacement and alias), "" for regex matches. */
  prefix: string;
  /** Regex captures: numbered ($1…) and named. */
  captures?: string[];
  named?: Record<string, string>;
}

export interface LocationMatcherInput<T> {
  location: T;
  matchKind: MatchKind;
  path: string;
  /** Whether a request for the path without its trailing slash is redirected (proxy locations). */
  autoRedirect: boolean;
}

interface PrefixEntry<T> {
  path: string;
  location: T;
  noRegex: boolean;
  autoRedirect: boolean;
  /** The result when this prefix wins (built once: non-regex matches allocate nothing). */
  match: LocationMatch<T>;
}

export class LocationMatcher<T> {
  // The maps are made only when a location needs them: most hosts have neither an exact
  // location nor an auto redirect, and an empty Map is ~200 bytes (×2 × 10,000 hosts).
  private exact: Map<string, LocationMatch<T>> | null = null;
  /** Longest first, so the first hit is the longest prefix. */
  private readonly prefixes: PrefixEntry<T>[] = [];
  private readonly regexes: { regex: RegExp; location: T }[] = [];
  /** "/api" → the "/api/" location's auto-redirect result, for nginx's auto redirect. */
  private slashless: Map<string, LocationMatch<T>> | null = null;

  private readonly locations: T[];

  constructor(entries: readonly LocationMatcherInput<T>[]) {
    this.locations = entries.map((e) => e.location);
    for (const e of entries) {
      if (e.matchKind === 'EXACT') {
        const path = canonicalLocationPath(e.path);
        (this.exact ??= new Map()).set(path, Object.freeze({ location: e.location, reason: 'exact', prefix: path }));
      } else if (e.matchKind === 'REGEX' || e.matchKind === 'REGEX_ICASE') {
        this.regexes.push({ regex: new RegExp(utf8Bytes(e.path), e.matchKind === 'REGEX_ICASE' ? 'i' : ''), location: e.location });
      } else {
        const path = canonicalLocationPath(e.path);
        const noRegex = e.matchKind === 'PREFIX_NOREGEX';
        const match = Object.freeze({ location: e.location, reason: noRegex ? 'prefix_noregex' : 'prefix', prefix: path } as const);
        this.prefixes.push({ path, location: e.location, noRegex, autoRedirect: e.autoRedirect, match });
        if (e.autoRedirect && path.length > 1 && path.endsWith('/')) (this.slashless ??= new Map()).set(path.slice(0, -1), Object.freeze({ location: e.location, reason: 'auto_redirect', prefix: path }));
      }
    }
    // Stable sort keeps configuration order for equal lengths (identical paths are refused earlier).
    this.prefixes.sort((a, b) => b.path.length - a.path.length);
  }

  /** Every location, in configuration order. */
  all(): readonly T[] {
    return this.locations;
  }

  match(path: string): LocationMatch<T> | null {
    if (this.exact !== null) {
      const exact = this.exact.get(path);
      if (exact !== undefined) return exact;
    }

    let best: PrefixEntry<T> | undefined;
    for (const entry of this.prefixes) {
      if (path.startsWith(entry.path)) {
        best = entry;
        break;
      }
    }
    if (best?.noRegex) return best.match;

    // nginx's static tree returns the auto redirect before regexes are tried, unless a
    // prefix location equal to the path itself exists (that one matches instead).
    if (this.slashless !== null && best?.path !== path) {
      const redirect = this.slashless.get(path);
      if (redirect !== undefined) return redirect;
    }

    // Regexes see the decoded URI, as in nginx ("/a b", "/café"); prefixes compare the
    // canonical spelling, which is the same comparison (one spelling per byte).
    const subject = this.regexes.length > 0 ? decodedUri(path) : path;
    for (const { regex, location } of this.regexes) {
      const m = regex.exec(subject);
      if (m) return { location, reason: 'regex', prefix: '', captures: [...m], named: m.groups ? { ...m.groups } : undefined };
    }
    if (best) return best.match;
    return null;
  }
}
