// The cache key (nginx's proxy_cache_key) and its variants under Vary. As nginx, an
// entry is found by the MD5 of its key; a response with Vary is stored under a variant
// key made of the base key and the request's values of the headers Vary names.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { compileTemplate, type TemplateScope } from '../http/variables.ts';
import type { Template } from '../runtime/types.ts';

export const DEFAULT_KEY = '$scheme$proxy_host$request_uri';

/** nginx refuses to cache a response whose Vary is longer than this (NGX_HTTP_CACHE_VARY_LEN). */
export const MAX_VARY_LENGTH = 128;

export function compileKey(template: string | undefined, scope: TemplateScope): Template {
  return compileTemplate(template ?? DEFAULT_KEY, scope);
}

/**
 * Keys hashed lately and their MD5: a HIT looks up the same few keys again and again, and
 * an MD5 (a Hash object, a digest, a hex string) was ≈ 4 % of a HIT's CPU. Bounded in
 * count and key length; when full it starts over (no LRU bookkeeping per hit).
 */
const RECENT_HASHES = new Map<string, string>();
export const RECENT_HASHES_MAX = 4096;
const RECENT_KEY_MAX = 512;

export function hashKey(key: string): string {
  const known = RECENT_HASHES.get(key);
  if (known !== undefined) return known;
  const hash = createHash('md5').update(key).digest('hex');
  if (key.length <= RECENT_KEY_MAX) {
    if (RECENT_HASHES.size >= RECENT_HASHES_MAX) RECENT_HASHES.clear();
    RECENT_HASHES.set(key, hash);
  }
  return hash;
}

/** How many hashes are remembered now (tests: the memo stays bounded). */
export function recentHashCount(): number {
  return RECENT_HASHES.size;
}

function requestHeader(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The key an entry for this request lives under, given the Vary names its base key last stored. */
export function variantKey(baseKey: string, vary: readonly string[] | null, headers: IncomingHttpHeaders): string {
  if (!vary || vary.length === 0) return baseKey;
  let key = `${baseKey}\n`;
  for (const name of vary) key += `${name}:${requestHeader(headers, name)}\n`;
  return key;
}

/**
 * The header names a response's Vary lists (lower-case, sorted, no duplicates), null for
 * none, or "uncacheable" for "Vary: *" and over-long values, which nginx does not store.
 */
export function parseVary(values: readonly string[]): string[] | null | 'uncacheable' {
  if (values.length === 0) return null;
  const joined = values.join(', ');
  if (joined.length > MAX_VARY_LENGTH) return 'uncacheable';
  const names = new Set<string>();
  for (const token of joined.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '*') return 'uncacheable';
    if (name) names.add(name);
  }
  return names.size === 0 ? null : [...names].sort();
}

/**
 * The Vary names each base key's entries were stored under (nginx keeps them in the main
 * key's node): a lookup builds its variant key from them. Counted per entry, so the
 * names go when the last entry stored under them does.
 */
export class VaryNames {
  readonly #byBase = new Map<string, { names: string[]; refs: number }>();

  get(baseKey: string): string[] | null {
    return this.#byBase.get(baseKey)?.names ?? null;
  }

  /** An entry stored under `names` (null: a response without Vary, plain lookups again). */
  add(baseKey: string, names: string[] | null): void {
    if (!names) {
      this.#byBase.delete(baseKey);
      return;
    }
    const known = this.#byBase.get(baseKey);
    if (known && known.names.join() === names.join()) known.refs++;
    else this.#byBase.set(baseKey, { names, refs: 1 });
  }

  remove(baseKey: string, names: string[] | null): void {
    if (!names) return;
    const known = this.#byBase.get(baseKey);
    if (known && known.names.join() === names.join() && --known.refs <= 0) this.#byBase.delete(baseKey);
  }
}
