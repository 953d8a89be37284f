// The request headers the upstream receives. nginx's rules: every client header passes
// except hop-by-hop ones (Portico manages the upstream connection itself) and those a
// proxy_set_header rule replaces; Host is $proxy_host unless set; a rule whose value
// evaluates to "" sends no header. Beyond nginx: headers the client lists in Connection
// are removed too (RFC 9110 §7.6.1).
import type { HeaderRule } from '../runtime/types.ts';
import type { RequestContext } from '../runtime/types.ts';

/** Never forwarded from the client as-is. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  // nginx drops Expect: Portico answers 100-continue itself.
  'expect',
]);

/** Lower-case names listed in a Connection header ("close, x-foo"). */
export function connectionListed(value: string | string[] | undefined): Set<string> | null {
  if (!value) return null;
  // Nearly every message says just "keep-alive" or "close": nothing listed, nothing to split.
  if (value === 'keep-alive' || value === 'close' || value === 'Keep-Alive' || value === 'Close') return null;
  const text = Array.isArray(value) ? value.join(',') : value;
  let listed: Set<string> | null = null;
  for (const token of text.split(',')) {
    const name = token.trim().toLowerCase();
    if (name && name !== 'close' && name !== 'keep-alive' && name !== 'upgrade') (listed ??= new Set()).add(name);
  }
  return listed;
}

export interface UpstreamHeaderOptions {
  rules: readonly HeaderRule[];
  /** $proxy_host, the default Host. */
  proxyHost: string;
  requestIdHeader: string;
  /** Extra headers Portico itself adds (WebSocket upgrade, conditional cache requests). */
  extra?: readonly [string, string][];
}

/** Builds the upstream header list as flat [name, value, name, value, …]. */
export function buildUpstreamHeaders(ctx: RequestContext, options: UpstreamHeaderOptions): string[] {
  const out: string[] = [];
  const rules = options.rules;
  let hostSet = false;
  let requestIdSet = false;
  const requestIdHeader = options.requestIdHeader.toLowerCase();
  for (const rule of rules) {
    if (rule.name === 'host') hostSet = true;
    if (rule.name === requestIdHeader) requestIdSet = true;
    if (rule.remove) continue;
    const value = rule.value(ctx);
    if (value !== '') out.push(rule.display, value);
  }
  if (!hostSet) out.unshift('Host', options.proxyHost);

  const raw = ctx.req.rawHeaders;
  const listed = connectionListed(ctx.req.headers.connection);
  const settings = ctx.runtime.settings;
  const nameFilter = settings.ignoreInvalidHeaders ? (settings.underscoresInHeaders ? VALID_WITH_UNDERSCORE : VALID_NAME) : null;
  let cookieJoined = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === 'host' || lower.charCodeAt(0) === 58 /* ":" (HTTP/2 pseudo-header) */) continue;
    if (nameFilter !== null && !validName(lower, nameFilter)) continue;
    if (HOP_BY_HOP.has(lower) || listed?.has(lower)) continue;
    if (rules.length > 0 && ruleCovers(rules, lower)) continue;
    if (lower === requestIdHeader) continue;
    // HTTP/2 clients send each cookie as its own field; upstreams get one Cookie header
    // joined with "; " (RFC 9113 §8.2.3), as nginx sends it.
    if (lower === 'cookie' && ctx.req.httpVersionMajor === 2) {
      if (!cookieJoined) out.push(name, joinCookies(raw));
      cookieJoined = true;
      continue;
    }
    out.push(name, raw[i + 1]!);
  }
  if (!requestIdSet) out.push(options.requestIdHeader, ctx.requestId);
  if (options.extra) for (const [name, value] of options.extra) out.push(name, value);
  return out;
}

// nginx's ignore_invalid_headers: a name of anything but letters, digits and hyphens (and
// underscores with underscores_in_headers on) is dropped, so "X_Forwarded_For" cannot
// pose as X-Forwarded-For to an upstream that folds "_" into "-".
const VALID_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) VALID_NAME[c] = /[a-z0-9-]/.test(String.fromCharCode(c)) ? 1 : 0;
const VALID_WITH_UNDERSCORE = VALID_NAME.slice();
VALID_WITH_UNDERSCORE[95] = 1;

function validName(lower: string, table: Uint8Array): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
  }
  return true;
}

function joinCookies(raw: readonly string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'cookie') parts.push(raw[i + 1]!);
  return parts.join('; ');
}

function ruleCovers(rules: readonly HeaderRule[], lower: string): boolean {
  for (const rule of rules) if (rule.name === lower) return true;
  return false;
}
