// Freshness, as nginx decides it for proxy_cache: whether an upstream response may be
// stored and until when. The upstream's X-Accel-Expires wins, then Cache-Control
// (no-cache, no-store and private forbid storing; s-maxage over max-age), then Expires;
// without any of them the location's proxy_cache_valid rules decide by status.
import { headerValue, headerValues } from '../http/header-list.ts';
import type { ResponseOrigin } from '../runtime/types.ts';
import { parseVary } from './key.ts';

type Raw = readonly (string | Buffer)[];

export interface ValidityRule {
  statuses: readonly number[] | 'any';
  ttlMs: number;
}

/** proxy_cache_valid: the first rule naming the status (or "any") gives the lifetime; 0 = none. */
export function validityFor(rules: readonly ValidityRule[], status: number): number {
  for (const rule of rules) {
    if (rule.statuses === 'any' || rule.statuses.includes(status)) return rule.ttlMs;
  }
  return 0;
}

export type HeaderLifetime = { kind: 'none' } | { kind: 'never'; reason: string } | { kind: 'until'; at: number };

const NONE: HeaderLifetime = { kind: 'none' };

/** nginx's ngx_atoi: digits only, else null. */
function atoi(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

function accelExpires(value: string, now: number): HeaderLifetime {
  if (value.startsWith('@')) {
    const at = atoi(value.slice(1));
    return at === null ? NONE : { kind: 'until', at: at * 1000 };
  }
  const seconds = atoi(value);
  if (seconds === null) return NONE;
  return seconds === 0 ? { kind: 'never', reason: 'X-Accel-Expires: 0' } : { kind: 'until', at: now + seconds * 1000 };
}

/** The digits after "max-age=" (or "s-maxage="), as nginx reads them: a stray character forbids storing. */
function maxAge(value: string, at: number, offset: number): number | null {
  let n = 0;
  for (let i = at + offset; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 /* , */ || c === 59 /* ; */ || c === 32) break;
    if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
    else return null;
  }
  return n;
}

function cacheControl(value: string, now: number): HeaderLifetime {
  const lower = value.toLowerCase();
  // nginx searches substrings, so "no-cache=\"Set-Cookie\"" forbids storing too.
  for (const word of ['no-cache', 'no-store', 'private']) {
    if (lower.includes(word)) return { kind: 'never', reason: `Cache-Control: ${word}` };
  }
  let at = lower.indexOf('s-maxage=');
  let offset = 9;
  if (at < 0) {
    at = lower.indexOf('max-age=');
    offset = 8;
  }
  if (at < 0) return NONE;
  const seconds = maxAge(lower, at, offset);
  if (seconds === null || seconds === 0) return { kind: 'never', reason: `Cache-Control: ${value}` };
  return { kind: 'until', at: now + seconds * 1000 };
}

/** What the upstream's own headers say about storing the response. */
export function headerLifetime(raw: Raw, now: number): HeaderLifetime {
  const xae = headerValue(raw, 'x-accel-expires');
  if (xae !== undefined) {
    const result = accelExpires(xae.trim(), now);
    if (result.kind !== 'none') return result;
  }
  const cc = headerValues(raw, 'cache-control');
  if (cc.length > 0) {
    const result = cacheControl(cc.join(', '), now);
    if (result.kind !== 'none') return result;
  }
  const expires = headerValue(raw, 'expires');
  if (expires !== undefined) {
    const at = Date.parse(expires);
    if (Number.isNaN(at) || at < now) return { kind: 'never', reason: `Expires: ${expires}` };
    return { kind: 'until', at };
  }
  return NONE;
}

export interface StoreRules {
  valid: readonly ValidityRule[];
  ignoreSetCookie: boolean;
}

export type StoreDecision =
  | { store: false; reason: string }
  | { store: true; validUntil: number; vary: string[] | null; etag: string | null; lastModified: string | null };

export function decideStore(status: number, raw: Raw, rules: StoreRules, now: number): StoreDecision {
  // A partial or not-modified answer is not the resource; Portico never asks for one
  // when it may store (Range and conditional headers are not forwarded then).
  if (status < 200 || status === 206 || status === 304) return { store: false, reason: `status ${status}` };
  if (!rules.ignoreSetCookie && headerValue(raw, 'set-cookie') !== undefined) return { store: false, reason: 'Set-Cookie' };
  const vary = parseVary(headerValues(raw, 'vary'));
  if (vary === 'uncacheable') return { store: false, reason: 'Vary' };
  const lifetime = headerLifetime(raw, now);
  if (lifetime.kind === 'never') return { store: false, reason: lifetime.reason };
  let validUntil = 0;
  if (lifetime.kind === 'until') validUntil = lifetime.at;
  else {
    const ttl = validityFor(rules.valid, status);
    if (ttl > 0) validUntil = now + ttl;
  }
  if (validUntil <= now) return { store: false, reason: lifetime.kind === 'until' ? 'already expired' : `no proxy_cache_valid rule for ${status}` };
  // nginx keeps validators for 200 only (revalidation and client 304s need them).
  const keepValidators = status === 200;
  return {
    store: true,
    validUntil,
    vary,
    etag: keepValidators ? (headerValue(raw, 'etag') ?? null) : null,
    lastModified: keepValidators ? (headerValue(raw, 'last-modified') ?? null) : null,
  };
}

/** The new lifetime after a 304 to a revalidation: the 304's own headers, else proxy_cache_valid for 304; 0 = unchanged. */
export function refreshedUntil(raw: Raw, valid: readonly ValidityRule[], now: number, cachedStatus: number): number {
  const lifetime = headerLifetime(raw, now);
  if (lifetime.kind === 'until') return lifetime.at > now ? lifetime.at : 0;
  // Without lifetime headers on the 304, nginx takes proxy_cache_valid of the status the
  // entry was stored with (a refreshed 200 lives as long as a fresh 200).
  const ttl = validityFor(valid, cachedStatus);
  return ttl > 0 ? now + ttl : 0;
}

export type StaleReason = 'error' | 'timeout' | 'updating' | `http_${number}`;

/** proxy_cache_use_stale: whether this failed answer may be replaced by the stale entry. */
export function staleAllowed(useStale: ReadonlySet<string>, origin: ResponseOrigin, status: number): boolean {
  if (origin.kind === 'upstream-failure') return useStale.has(origin.failure);
  return status >= 400 && useStale.has(`http_${status}`);
}
