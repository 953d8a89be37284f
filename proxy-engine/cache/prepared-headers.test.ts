import { describe, expect, it } from 'vitest';
import { buildClientHeaders } from '../http/response-headers.ts';
import type { CompiledLocation, RequestContext } from '../runtime/types.ts';
import { cachedClientHeaders } from './prepared-headers.ts';
import type { CacheEntry } from './zone.ts';

const contextFor = (requestId: string, extra: Record<string, unknown> = {}) => ({ requestId, runtime: { settings: { requestIdHeader: 'X-Request-Id' } }, ...extra }) as unknown as RequestContext;
const base = { serverTokens: false, hideHeaders: new Set(['x-powered-by']), responseHeaders: [], expiresHeaders: () => null, redirectRewriter: null, cookieRewriter: null } as unknown as CompiledLocation;
const raw = ['Content-Type', 'text/plain', 'Content-Length', '5', 'Connection', 'X-Hop', 'X-Hop', 'h', 'X-Powered-By', 'x', 'Date', 'd', 'ETag', ' "1" ', 'Cache-Control', 'max-age=60'];
const entryOf = (headers = raw, extra: Partial<CacheEntry> = {}) => ({ hash: 'h', status: 200, headers, bodyLength: 5, ...extra }) as unknown as CacheEntry;

/** What the general path sends: every header built for this request, Content-Length from the entry. */
function general(ctx: RequestContext, location: CompiledLocation, entry: CacheEntry): string[] {
  return buildClientHeaders(ctx, location, entry.status, entry.headers, location.redirectRewriter).filter((_, i, all) => all[i - (i % 2)]!.toLowerCase() !== 'content-length');
}

describe('cachedClientHeaders', () => {
  it('sends what the general path sends, the request id per request, the filtering done once per entry', () => {
    const entry = entryOf();
    const first = cachedClientHeaders(contextFor('r1'), base, entry);
    expect(first.headers).toEqual(general(contextFor('r1'), base, entry));
    expect(first.contentLength).toBe('5');
    const prepared = entry.prepared;
    expect(prepared).toBeDefined();
    const second = cachedClientHeaders(contextFor('r2'), base, entry);
    expect(second.headers).toEqual(general(contextFor('r2'), base, entry));
    expect(second.headers).toContain('r2');
    expect(entry.prepared).toBe(prepared);
  });

  it('prepares again for another location (a reload) and keeps expires and add_header per request', () => {
    const entry = entryOf();
    cachedClientHeaders(contextFor('r1'), base, entry);
    let n = 0;
    const reloaded = {
      ...base,
      hideHeaders: new Set(['etag']),
      expiresHeaders: () => ['Expires', 'E', 'Cache-Control', 'max-age=3600'],
      responseHeaders: [{ name: 'X-N', always: false, value: () => String(++n) }],
    } as unknown as CompiledLocation;
    const a = cachedClientHeaders(contextFor('r2'), reloaded, entry);
    expect(entry.prepared?.location).toBe(reloaded);
    expect(a.headers).not.toContain('ETag');
    expect(a.headers.slice(-6)).toEqual(['Expires', 'E', 'Cache-Control', 'max-age=3600', 'X-N', '1']);
    expect(cachedClientHeaders(contextFor('r3'), reloaded, entry).headers.slice(-2)).toEqual(['X-N', '2']);
    // An add_header naming Content-Length does not replace the stored body's length.
    const lengthRule = { ...base, responseHeaders: [{ name: 'content-length', always: false, value: () => '99' }] } as unknown as CompiledLocation;
    const withRule = cachedClientHeaders(contextFor('r4'), lengthRule, entry);
    expect(withRule.headers).not.toContain('99');
    expect(withRule.headers).toEqual(general(contextFor('r4'), lengthRule, entry));
  });

  it('rewrites per request where proxy_redirect or proxy_cookie_* apply', () => {
    const entry = entryOf(['Location', 'http://up/x', 'Set-Cookie', 'a=1']);
    const rewriting = { ...base, redirectRewriter: (v: string, ctx: RequestContext) => v.replace('http://up', `https://${ctx.requestId}`) } as unknown as CompiledLocation;
    expect(cachedClientHeaders(contextFor('one'), rewriting, entry).headers).toContain('https://one/x');
    expect(cachedClientHeaders(contextFor('two'), rewriting, entry).headers).toContain('https://two/x');
    expect(entry.prepared?.rewritten).toBe(true);
    // proxy_redirect is on by default: an entry without Location or Refresh is prepared all the same.
    const plain = entryOf();
    expect(cachedClientHeaders(contextFor('three'), rewriting, plain).headers).toEqual(general(contextFor('three'), rewriting, plain));
    expect(plain.prepared?.rewritten).toBe(false);
    const cookies = { ...base, cookieRewriter: (v: string, ctx: RequestContext) => `${v}; ${ctx.requestId}` } as unknown as CompiledLocation;
    expect(cachedClientHeaders(contextFor('four'), cookies, entry).headers).toContain('a=1; four');
    expect(cachedClientHeaders(contextFor('five'), cookies, entry).headers).toContain('a=1; five');
  });

  it('keeps the stored reason phrase as the upstream’s', () => {
    const ctx = contextFor('r');
    const out = cachedClientHeaders(ctx, base, entryOf(raw, { reason: 'Fine' }));
    expect(ctx.upstreamReason).toEqual({ status: 200, text: 'Fine' });
    expect(out.origin).toEqual({ kind: 'upstream', rawHeaders: raw });
    expect(cachedClientHeaders(contextFor('s'), base, entryOf()).origin).toBeUndefined();
  });
});
