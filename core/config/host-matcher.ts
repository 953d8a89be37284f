// Virtual host selection with nginx's server_name precedence:
// exact name → longest leading wildcard ("*.example.com", ".example.com") → longest
// trailing wildcard ("www.example.*") → first matching regex (in configuration order) →
// the default server. Lookups are hash probes per label, independent of the host count.

export type HostMatchReason = 'exact' | 'leading_wildcard' | 'trailing_wildcard' | 'regex' | 'default';

export interface HostMatch<T> {
  host: T;
  reason: HostMatchReason;
  /** The server name that matched (the pattern), or "" for the default server. */
  serverName: string;
  /** Regex named captures, for use as variables. */
  captures?: Record<string, string>;
  /** Regex numbered captures ($1…; [0] is the whole name). */
  numbered?: string[];
}

interface RegexEntry<T> {
  regex: RegExp;
  name: string;
  host: T;
}

export interface HostMatcherInput<T> {
  host: T;
  serverNames: readonly string[];
  defaultServer: boolean;
}

// Every non-regex outcome is a fixed object built once here: a match on the request path
// allocates nothing (these results are only read, by the tracer and logs).
export class HostMatcher<T> {
  private readonly exact = new Map<string, HostMatch<T>>();
  /** ".example.com" → host; "*.example.com" is stored as ".example.com" with wildcardOnly. */
  private readonly leading = new Map<string, { host: T; name: string; includesBase: boolean; match: HostMatch<T> }>();
  /** "www.example." → host */
  private readonly trailing = new Map<string, { host: T; name: string; match: HostMatch<T> }>();
  private readonly regexes: RegexEntry<T>[] = [];
  private defaultHost: T | undefined;
  private defaultMatch: HostMatch<T> | null = null;
  /** Conflicts found while building (a name claimed twice): reported, first one wins as in nginx. */
  readonly conflicts: { name: string; host: T }[] = [];

  constructor(entries: readonly HostMatcherInput<T>[]) {
    for (const entry of entries) {
      for (const name of entry.serverNames) this.add(name, entry.host);
      if (entry.defaultServer && this.defaultHost === undefined) {
        this.defaultHost = entry.host;
        this.defaultMatch = Object.freeze({ host: entry.host, reason: 'default', serverName: '' });
      }
    }
  }

  private add(name: string, host: T): void {
    if (name.startsWith('~')) {
      this.regexes.push({ regex: new RegExp(name.slice(1), 'i'), name, host });
      return;
    }
    if (name.startsWith('*.') || name.startsWith('.')) {
      const suffix = name.startsWith('*.') ? name.slice(1) : name;
      const existing = this.leading.get(suffix);
      if (existing) {
        // "*.example.com" and ".example.com" on different hosts: the first keeps the
        // wildcard; ".example.com" still owns the base name through the exact table.
        this.conflicts.push({ name, host });
      } else {
        this.leading.set(suffix, { host, name, includesBase: name.startsWith('.'), match: Object.freeze({ host, reason: 'leading_wildcard', serverName: name }) });
      }
      if (name.startsWith('.')) this.addExact(suffix.slice(1), host);
      return;
    }
    if (name.endsWith('.*')) {
      const prefix = name.slice(0, -1);
      if (this.trailing.has(prefix)) this.conflicts.push({ name, host });
      else this.trailing.set(prefix, { host, name, match: Object.freeze({ host, reason: 'trailing_wildcard', serverName: name }) });
      return;
    }
    this.addExact(name, host);
  }

  private addExact(name: string, host: T): void {
    if (this.exact.has(name)) this.conflicts.push({ name, host });
    else this.exact.set(name, Object.freeze({ host, reason: 'exact', serverName: name }));
  }

  /** `hostname` must already be normalised (lowercase, no port, no trailing dot). */
  match(hostname: string): HostMatch<T> | null {
    const exact = this.exact.get(hostname);
    if (exact !== undefined) return exact;

    if (this.leading.size > 0) {
      for (let i = hostname.indexOf('.'); i >= 0; i = hostname.indexOf('.', i + 1)) {
        const hit = this.leading.get(hostname.slice(i));
        if (hit) return hit.match;
      }
    }
    if (this.trailing.size > 0) {
      for (let i = hostname.lastIndexOf('.'); i > 0; i = hostname.lastIndexOf('.', i - 1)) {
        const hit = this.trailing.get(hostname.slice(0, i + 1));
        if (hit) return hit.match;
      }
    }
    for (const entry of this.regexes) {
      const m = entry.regex.exec(hostname);
      if (m) return { host: entry.host, reason: 'regex', serverName: entry.name, captures: { ...m.groups }, numbered: [...m] };
    }
    return this.defaultMatch;
  }
}

/**
 * Host header → normalised host name: lowercase, port and trailing dot removed.
 * Returns null for a syntactically invalid Host (→ 400).
 */
export function normalizeHostHeader(value: string): string | null {
  if (value.length === 0 || value.length > 1024) return null;
  let host = value;
  if (host.charCodeAt(0) === 91 /* [ */) {
    const end = host.indexOf(']');
    if (end < 0) return null;
    const rest = host.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    host = host.slice(0, end + 1);
    return /^\[[0-9A-Fa-f:.]+\]$/.test(host) ? host.toLowerCase() : null;
  }
  const colon = host.indexOf(':');
  if (colon >= 0) {
    if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || !/^[A-Za-z0-9._-]+$/.test(host) || host.includes('..')) return null;
  return host.toLowerCase();
}
