// Micro-benchmark of the cache's own work per HIT, before and after #19's HIT changes, in
// one process: the key's MD5 (computed per lookup before; remembered now) and the client
// headers (the stored headers filtered through the location's rules per HIT before;
// prepared once per entry now, only the request id, expires/add_header per request). The
// location has proxy_redirect's default rule, as a proxy location has unless turned off.
// ns per HIT (the headers line includes the hash: before - hash = headers), best of five rounds. Run: node bench/micro/cache-hit-work.ts
import { createHash } from 'node:crypto';
import { removeHeaders } from '../../proxy-engine/http/header-list.ts';
import { buildClientHeaders } from '../../proxy-engine/http/response-headers.ts';
import { hashKey } from '../../proxy-engine/cache/key.ts';
import { cachedClientHeaders } from '../../proxy-engine/cache/prepared-headers.ts';
import type { CacheEntry } from '../../proxy-engine/cache/zone.ts';
import type { CompiledLocation, RequestContext } from '../../proxy-engine/runtime/types.ts';

const ITERATIONS = 500_000;
const ROUNDS = 5;
const LENGTH = new Set(['content-length']);

// What nginx as the benchmark's backend stores for its 1 KiB object.
const stored = ['Server', 'nginx/1.22.1', 'Date', 'Mon, 07 Dec 2026 20:00:00 GMT', 'Content-Type', 'application/octet-stream', 'Content-Length', '1024', 'Last-Modified', 'Mon, 07 Dec 2026 19:00:00 GMT', 'Connection', 'keep-alive', 'ETag', '"6574a3c0-400"', 'Accept-Ranges', 'bytes'];
const entry = { hash: 'h', status: 200, headers: stored, bodyLength: 1024 } as unknown as CacheEntry;
const location = {
  serverTokens: false,
  hideHeaders: new Set<string>(),
  responseHeaders: [],
  expiresHeaders: () => null,
  redirectRewriter: (value: string) => value,
  cookieRewriter: null,
} as unknown as CompiledLocation;
const ctx = { requestId: 'c0ffee', runtime: { settings: { requestIdHeader: 'X-Request-Id' } } } as unknown as RequestContext;
const key = 'httpbench.test/cached/object';

function before(): number {
  const hash = createHash('md5').update(key).digest('hex');
  const headers = buildClientHeaders(ctx, location, entry.status, entry.headers, location.redirectRewriter);
  removeHeaders(headers, LENGTH);
  headers.push('Content-Length', String(entry.bodyLength));
  return hash.length + headers.length;
}

function after(): number {
  const hash = hashKey(key);
  const { headers, contentLength } = cachedClientHeaders(ctx, location, entry);
  headers.push('Content-Length', contentLength);
  return hash.length + headers.length;
}

function measure(run: () => number): number {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) sink += run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / ITERATIONS);
  }
  if (sink === 0) throw new Error('nothing computed');
  return best;
}

if (JSON.stringify(cachedClientHeaders(ctx, location, entry).headers) !== JSON.stringify((() => { const h = buildClientHeaders(ctx, location, 200, stored, location.redirectRewriter); removeHeaders(h, LENGTH); return h; })())) {
  throw new Error('the prepared headers differ from the general path');
}
const line = (what: string, a: number, b: number) => console.log(`${what.padEnd(34)} before ${a.toFixed(0).padStart(5)} ns, after ${b.toFixed(0).padStart(5)} ns (${(a / b).toFixed(1)}×)`);
line('key hash', measure(() => createHash('md5').update(key).digest('hex').length), measure(() => hashKey(key).length));
line('client headers', measure(() => before() - 32), measure(() => after() - 32));
line('per HIT, both', measure(before), measure(after));
