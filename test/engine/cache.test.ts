// The response cache end to end: a real upstream on a loopback port, the engine's request
// path with the cache wired in, and what the client and the upstream each saw.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request, type SimpleResponse } from '../helpers/http-client.ts';
import { startContentEngine, tempDataDir, type ContentEngine } from '../helpers/content-engine.ts';
import { POLICY_CATALOG } from '../../components/policies/catalog.ts';
import { NO_ZONES } from '../../components/policies/zones-context.tsx';

/** Per path: what the upstream answers (status, headers, body); `n` counts its requests. */
type Answer = { status?: number; headers?: Record<string, string | string[]>; body?: string; delayMs?: number };
let answers: Record<string, (n: number, req: http.IncomingMessage) => Answer> = {};
const hits = new Map<string, number>();

let upstream: EchoUpstream;
let engine: ContentEngine;
let dataDir: string;

function cacheLocation(path: string, cache: Record<string, unknown>) {
  return { path, action: { kind: 'proxy', address: upstream.address }, policies: { cache: { zone: 'c', statusHeader: 'X-Cache-Status', valid: [{ statuses: [200], ttlMs: 60_000 }], ...cache } } };
}

function configure(locations: object[], zone: Record<string, unknown> = {}) {
  engine.configure({ cacheZones: [{ name: 'c', ...zone }], hosts: [{ serverNames: ['cache.test'], locations }] });
}

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<SimpleResponse> => request(engine.port, path, { method, headers: { host: 'cache.test', ...headers } });
const seen = (path: string) => upstream.seen.filter((r) => r.url === path);

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    const url = req.url ?? '/';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    const pick = answers[url.split('?')[0]!];
    if (!pick) return false;
    const a = pick(n, req);
    const body = a.body ?? `${url} #${n}`;
    const send = () => {
      res.writeHead(a.status ?? 200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...a.headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (a.delayMs) setTimeout(send, a.delayMs);
    else send();
    return true;
  });
  dataDir = tempDataDir();
  engine = await startContentEngine(dataDir);
});
afterAll(async () => {
  await engine?.stop(true);
  await upstream?.close();
});
beforeEach(() => {
  answers = {};
  hits.clear();
  upstream.seen.length = 0;
});

describe('MISS → HIT and what is stored', () => {
  it('stores a 200 per proxy_cache_valid; the second request never reaches the upstream', async () => {
    answers['/a'] = (n) => ({ body: `a${n}`, headers: { 'x-app': 'yes', etag: '"v1"' } });
    configure([cacheLocation('/', {})]);
    const first = await get('/a');
    const second = await get('/a');
    expect([first.status, first.headers['x-cache-status'], first.body]).toEqual([200, 'MISS', 'a1']);
    expect([second.status, second.headers['x-cache-status'], second.body, second.headers['x-app']]).toEqual([200, 'HIT', 'a1', 'yes']);
    expect(second.headers['content-length']).toBe('2');
    expect(seen('/a')).toHaveLength(1);
  });

  it('HEAD is filled with a GET upstream and served from the GET entry', async () => {
    answers['/h'] = (n) => ({ body: `body${n}` });
    configure([cacheLocation('/', {})]);
    const head = await get('/h', {}, 'HEAD');
    expect([head.status, head.headers['x-cache-status'], head.body, head.headers['content-length']]).toEqual([200, 'MISS', '', '5']);
    expect(seen('/h').map((r) => r.method)).toEqual(['GET']);
    const full = await get('/h');
    expect([full.headers['x-cache-status'], full.body]).toEqual(['HIT', 'body1']);
  });

  const notStored: { desc: string; answer: Answer }[] = [
    { desc: 'Cache-Control: no-store', answer: { headers: { 'cache-control': 'no-store' } } },
    { desc: 'Cache-Control: private', answer: { headers: { 'cache-control': 'private, max-age=60' } } },
    { desc: 'Cache-Control: max-age=0', answer: { headers: { 'cache-control': 'max-age=0' } } },
    { desc: 'Set-Cookie', answer: { headers: { 'set-cookie': 'session=1' } } },
    { desc: 'Vary: *', answer: { headers: { vary: '*' } } },
    { desc: 'X-Accel-Expires: 0', answer: { headers: { 'x-accel-expires': '0' } } },
    { desc: 'a status with no proxy_cache_valid rule', answer: { status: 404 } },
  ];
  it.each(notStored)('does not store $desc', async ({ answer }) => {
    answers['/n'] = () => answer;
    configure([cacheLocation('/', {})]);
    const statuses = [(await get('/n')).headers['x-cache-status'], (await get('/n')).headers['x-cache-status']];
    expect(seen('/n')).toHaveLength(2);
    // add_header semantics: a 404 carries no status header (not "always").
    expect(statuses).toEqual(answer.status === 404 ? [undefined, undefined] : ['MISS', 'MISS']);
  });

  it('stores what the upstream says to, beyond proxy_cache_valid (max-age on a 404, X-Accel-Expires over no-store)', async () => {
    answers['/gone'] = () => ({ status: 404, headers: { 'cache-control': 'max-age=60' } });
    answers['/xa'] = () => ({ headers: { 'cache-control': 'no-store', 'x-accel-expires': '60' } });
    configure([cacheLocation('/', { valid: [] })]);
    for (const p of ['/gone', '/gone', '/xa', '/xa']) await get(p);
    expect([seen('/gone').length, seen('/xa').length]).toEqual([1, 1]);
  });

  it('POST is not cached and gets no status', async () => {
    answers['/p'] = (n) => ({ body: `p${n}` });
    configure([cacheLocation('/', {})]);
    const a = await request(engine.port, '/p', { method: 'POST', body: 'x', headers: { host: 'cache.test' } });
    const b = await request(engine.port, '/p', { method: 'POST', body: 'x', headers: { host: 'cache.test' } });
    expect([a.body, b.body, a.headers['x-cache-status']]).toEqual(['p1', 'p2', undefined]);
  });

  it('keeps one entry per Vary variant', async () => {
    answers['/v'] = (_n, req) => ({ body: `for ${req.headers['accept-language']}`, headers: { vary: 'Accept-Language' } });
    configure([cacheLocation('/', {})]);
    const bodies = [];
    for (const lang of ['en', 'fr', 'en', 'fr']) {
      const r = await get('/v', { 'accept-language': lang });
      bodies.push(`${r.headers['x-cache-status']} ${r.body}`);
    }
    expect(bodies).toEqual(['MISS for en', 'MISS for fr', 'HIT for en', 'HIT for fr']);
  });

  it('min_uses: stored on the second request', async () => {
    configure([cacheLocation('/', { minUses: 2 })]);
    answers['/m'] = (n) => ({ body: `m${n}` });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/m')).headers['x-cache-status']);
    expect(statuses).toEqual(['MISS', 'MISS', 'HIT']);
    expect(seen('/m')).toHaveLength(2);
  });

  it('answers a client conditional request from the entry (304), without forwarding it', async () => {
    answers['/c'] = () => ({ headers: { etag: '"e1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' } });
    configure([cacheLocation('/', {})]);
    const miss = await get('/c', { 'if-none-match': '"e1"' });
    const hit = await get('/c', { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' });
    expect([miss.status, miss.headers['x-cache-status'], hit.status, hit.headers['x-cache-status']]).toEqual([304, 'MISS', 304, 'HIT']);
    expect(seen('/c')[0]!.headers['if-none-match']).toBeUndefined();
    expect((await get('/c')).body).toBe('/c #1');
  });

  it('serves a large body from its file', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    answers['/big'] = () => ({ body: big });
    configure([cacheLocation('/', {})]);
    expect((await get('/big')).body.length).toBe(big.length);
    const hit = await get('/big');
    expect([hit.headers['x-cache-status'], hit.body.length]).toEqual(['HIT', big.length]);
  });
});

describe('bypass, no_cache and credentials', () => {
  it('bypass skips the lookup but stores the answer; no_cache keeps it out', async () => {
    configure([cacheLocation('/', { bypass: [{ source: 'header', name: 'X-No-Cache' }], noStore: [{ source: 'query', name: 'nocache' }] })]);
    answers['/b'] = (n) => ({ body: `b${n}` });
    const r1 = await get('/b');
    const r2 = await get('/b', { 'x-no-cache': '1' });
    const r3 = await get('/b');
    const r4 = await get('/b', { 'x-no-cache': '0' });
    expect([r1, r2, r3, r4].map((r) => `${r.headers['x-cache-status']} ${r.body}`)).toEqual(['MISS b1', 'BYPASS b2', 'HIT b2', 'HIT b2']);
    const n1 = await get('/b?nocache=1');
    const n2 = await get('/b?nocache=1');
    expect([n1.headers['x-cache-status'], n2.headers['x-cache-status']]).toEqual(['MISS', 'MISS']);
  });

  it('requests with Authorization are neither served from nor stored to the cache', async () => {
    configure([cacheLocation('/', {})]);
    answers['/auth'] = (n) => ({ body: `auth${n}` });
    await get('/auth');
    const withAuth = await get('/auth', { authorization: 'Bearer x' });
    expect([withAuth.headers['x-cache-status'], withAuth.body]).toEqual(['BYPASS', 'auth2']);
    expect((await get('/auth')).body).toBe('auth1');
  });
});

describe("the dashboard's default: what the upstream allows, never cookies or credentials", () => {
  /** The cache section exactly as the location editor switches it on (zone "c" is the first existing one). */
  const dashboardDefault = () => POLICY_CATALOG.cache.makeDefault({ ...NO_ZONES, cache: [{ name: 'c', detail: '' }] }) as Record<string, unknown>;
  const location = (extra: Record<string, unknown> = {}) => ({ path: '/', action: { kind: 'proxy', address: upstream.address }, policies: { cache: { ...dashboardDefault(), statusHeader: 'X-Cache-Status', ...extra } } });

  it('an answer without Cache-Control or Expires is a MISS every time', async () => {
    configure([location()]);
    answers['/hello'] = (n) => ({ body: `hello ${n}` });
    const seenStatuses = [];
    for (let i = 0; i < 3; i++) seenStatuses.push((await get('/hello?x=1')).headers['x-cache-status']);
    expect(seenStatuses).toEqual(['MISS', 'MISS', 'MISS']);
    expect(seen('/hello?x=1')).toHaveLength(3);
  });

  it('stores what the upstream marks cacheable, but not when it sets a cookie', async () => {
    configure([location()]);
    answers['/public'] = (n) => ({ body: `p${n}`, headers: { 'cache-control': 'max-age=60' } });
    answers['/expires'] = (n) => ({ body: `e${n}`, headers: { expires: new Date(Date.now() + 60_000).toUTCString() } });
    answers['/personal'] = (n) => ({ body: `s${n}`, headers: { 'cache-control': 'max-age=60', 'set-cookie': 'session=1' } });
    const statuses = async (path: string) => [(await get(path)).headers['x-cache-status'], (await get(path)).headers['x-cache-status']];
    expect(await statuses('/public')).toEqual(['MISS', 'HIT']);
    expect(await statuses('/expires')).toEqual(['MISS', 'HIT']);
    expect(await statuses('/personal')).toEqual(['MISS', 'MISS']);
  });

  const credentials: { desc: string; headers: Record<string, string>; allow: Record<string, boolean> }[] = [
    { desc: 'a Cookie', headers: { cookie: 'session=alice' }, allow: { allowCookies: true } },
    { desc: 'Authorization', headers: { authorization: 'Bearer alice' }, allow: { allowAuthorized: true } },
  ];
  it.each(credentials)('a request with $desc is neither served from nor stored into the cache unless asked', async ({ desc, headers, allow }) => {
    // Paths of its own: the zone outlives the configurations of the other cases.
    const at = (name: string) => `/${desc.replace(/\W/g, '')}/${name}`;
    configure([location()]);
    answers[at('page')] = (n) => ({ body: `page ${n}`, headers: { 'cache-control': 'max-age=60' } });
    // Stored by an anonymous request; the one with credentials does not get it, nor store its own.
    await get(at('page'));
    const withCredentials = await get(at('page'), headers);
    expect([withCredentials.headers['x-cache-status'], withCredentials.body]).toEqual(['BYPASS', 'page 2']);
    expect((await get(at('page'))).body).toBe('page 1');
    answers[at('fresh')] = (n) => ({ body: `fresh ${n}`, headers: { 'cache-control': 'max-age=60' } });
    await get(at('fresh'), headers);
    expect((await get(at('fresh'))).headers['x-cache-status']).toBe('MISS');
    expect(seen(at('fresh'))).toHaveLength(2);

    // Asked: served and stored like any other request.
    configure([location(allow)]);
    answers[at('asked')] = (n) => ({ body: `asked ${n}`, headers: { 'cache-control': 'max-age=60' } });
    const first = await get(at('asked'), headers);
    const second = await get(at('asked'), headers);
    expect([first.headers['x-cache-status'], second.headers['x-cache-status'], second.body]).toEqual(['MISS', 'HIT', 'asked 1']);
  });

  it('an empty Cookie header is no cookie (as nginx reads $http_cookie)', async () => {
    configure([location()]);
    answers['/empty'] = (n) => ({ body: `x${n}`, headers: { 'cache-control': 'max-age=60' } });
    await get('/empty');
    expect((await get('/empty', { cookie: '' })).headers['x-cache-status']).toBe('HIT');
  });
});

describe('expiry, revalidation and stale answers', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('EXPIRED refetches; with revalidate a 304 refreshes the entry (REVALIDATED)', async () => {
    configure([cacheLocation('/', { valid: [{ statuses: [200, 304], ttlMs: 150 }], revalidate: true })]);
    answers['/r'] = (n, req) => (req.headers['if-none-match'] === '"r1"' ? { status: 304, headers: { etag: '"r1"' }, body: '' } : { body: `r${n}`, headers: { etag: '"r1"' } });
    expect((await get('/r')).headers['x-cache-status']).toBe('MISS');
    await wait(200);
    const revalidated = await get('/r');
    expect([revalidated.status, revalidated.headers['x-cache-status'], revalidated.body]).toEqual([200, 'REVALIDATED', 'r1']);
    expect(seen('/r')[1]!.headers['if-none-match']).toBe('"r1"');
    expect((await get('/r')).headers['x-cache-status']).toBe('HIT');
  });

  it('EXPIRED without revalidate stores the new answer', async () => {
    configure([cacheLocation('/', { valid: [{ statuses: [200], ttlMs: 150 }] })]);
    answers['/e'] = (n) => ({ body: `e${n}` });
    await get('/e');
    await wait(200);
    const expired = await get('/e');
    expect([expired.headers['x-cache-status'], expired.body]).toEqual(['EXPIRED', 'e2']);
    expect((await get('/e')).body).toBe('e2');
  });

  it('use_stale error / http_500: the stale entry answers for a failed upstream', async () => {
    configure([cacheLocation('/', { valid: [{ statuses: [200], ttlMs: 150 }], useStale: ['error', 'timeout', 'http_500'] })]);
    answers['/s'] = (n) => (n === 1 ? { body: 'good' } : { status: 500, body: 'broken' });
    await get('/s');
    await wait(200);
    const stale = await get('/s');
    expect([stale.status, stale.headers['x-cache-status'], stale.body]).toEqual([200, 'STALE', 'good']);
  });

  it('use_stale timeout: the upstream does not answer within proxy_read_timeout', async () => {
    engine.configure({
      cacheZones: [{ name: 'c' }],
      hosts: [{ serverNames: ['cache.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address }, policies: { timeouts: { readMs: 150 }, cache: { zone: 'c', statusHeader: 'X-Cache-Status', valid: [{ statuses: [200], ttlMs: 150 }], useStale: ['timeout'] } } }] }],
    });
    answers['/t'] = (n) => ({ body: `t${n}`, delayMs: n === 1 ? 0 : 1500 });
    await get('/t');
    await wait(200);
    const stale = await get('/t');
    expect([stale.status, stale.headers['x-cache-status'], stale.body]).toEqual([200, 'STALE', 't1']);
  });

  it('use_stale error: upstream down', async () => {
    const dead = await startEchoUpstream();
    engine.configure({
      cacheZones: [{ name: 'c' }],
      hosts: [{ serverNames: ['cache.test'], locations: [{ path: '/', action: { kind: 'proxy', address: dead.address }, policies: { cache: { zone: 'c', statusHeader: 'X-Cache-Status', valid: [{ statuses: [200], ttlMs: 150 }], useStale: ['error'] } } }] }],
    });
    await get('/down');
    await dead.close();
    await wait(200);
    const stale = await get('/down');
    expect([stale.status, stale.headers['x-cache-status']]).toEqual([200, 'STALE']);
    const other = await get('/never-cached');
    expect(other.status).toBe(502);
  });

  it('use_stale updating: others get the stale entry while one request refreshes it', async () => {
    configure([cacheLocation('/', { valid: [{ statuses: [200], ttlMs: 150 }], useStale: ['updating'] })]);
    answers['/u'] = (n) => ({ body: `u${n}`, delayMs: n === 2 ? 300 : 0 });
    await get('/u');
    await wait(200);
    const refreshing = get('/u');
    await wait(50);
    const during = await get('/u');
    expect([during.headers['x-cache-status'], during.body]).toEqual(['UPDATING', 'u1']);
    expect((await refreshing).headers['x-cache-status']).toBe('EXPIRED');
    expect((await get('/u')).body).toBe('u2');
  });

  it('background update: STALE at once, the fresh answer next', async () => {
    configure([cacheLocation('/', { valid: [{ statuses: [200], ttlMs: 150 }], useStale: ['updating'], backgroundUpdate: true })]);
    answers['/bg'] = (n) => (n === 1 ? { body: 'bg1' } : { body: `bg${n}`, delayMs: 100, headers: { 'cache-control': 'max-age=60' } });
    await get('/bg');
    await wait(200);
    const t0 = Date.now();
    const stale = await get('/bg');
    expect([stale.headers['x-cache-status'], stale.body]).toEqual(['STALE', 'bg1']);
    expect(Date.now() - t0).toBeLessThan(90);
    await wait(250);
    const fresh = await get('/bg');
    expect([fresh.headers['x-cache-status'], fresh.body]).toEqual(['HIT', 'bg2']);
  });
});

describe('lock', () => {
  it('100 concurrent misses on a cold key → 1 upstream request', async () => {
    configure([cacheLocation('/', { lock: true, lockTimeoutMs: 5000 })]);
    answers['/cold'] = () => ({ body: 'filled once', delayMs: 150 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
    const replies = await Promise.all(Array.from({ length: 100 }, () => request(engine.port, '/cold', { headers: { host: 'cache.test' }, agent })));
    agent.destroy();
    expect(seen('/cold')).toHaveLength(1);
    expect(replies.every((r) => r.status === 200 && r.body === 'filled once')).toBe(true);
    const statuses = replies.map((r) => r.headers['x-cache-status']);
    expect(statuses.filter((s) => s === 'MISS')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'HIT')).toHaveLength(99);
  });

  it('after lock_timeout the waiters go upstream, uncached', async () => {
    configure([cacheLocation('/', { lock: true, lockTimeoutMs: 100 })]);
    answers['/slow'] = () => ({ delayMs: 400 });
    const replies = await Promise.all([get('/slow'), get('/slow'), get('/slow')]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(seen('/slow')).toHaveLength(3);
  });
});

describe('configuration', () => {
  it('a location naming an unknown zone is refused alone, with the field path', () => {
    expect(() => engine.configure({ cacheZones: [], hosts: [{ serverNames: ['cache.test'], locations: [cacheLocation('/', { zone: 'nope' })] }] })).toThrow(/locations\.0\.policies\.cache\.zone/);
  });
});

describe('purge, summary, restart', () => {
  it('purges by URL and prefix; reports entries, bytes and hit ratio', async () => {
    engine.configure({ cacheZones: [{ name: 'c' }, { name: 'counted' }], hosts: [{ serverNames: ['cache.test'], locations: [cacheLocation('/', { zone: 'counted' })] }] });
    for (const p of ['/p/1', '/p/2', '/q/1']) answers[p] = () => ({ body: p });
    for (const p of ['/p/1', '/p/2', '/q/1', '/q/1']) await get(p);
    const summary = engine.cacheZones.summary().find((z) => z.name === 'counted')!;
    expect(summary).toMatchObject({ entries: 3, statuses: { MISS: 3, HIT: 1 } });
    expect(summary.bytes).toBeGreaterThan(0);
    expect(summary.hitRatio).toBeCloseTo(0.25);
    expect(await engine.cacheZones.purge({ url: 'http://cache.test/q/1' })).toEqual({ removed: 1 });
    expect((await get('/q/1')).headers['x-cache-status']).toBe('MISS');
    expect(await engine.cacheZones.purge({ zone: 'counted', prefix: 'http://cache.test/p/' })).toEqual({ removed: 2 });
    expect((await get('/p/2')).headers['x-cache-status']).toBe('MISS');
  });

  it('an engine restart keeps the disk cache', async () => {
    configure([cacheLocation('/', {})]);
    answers['/keep'] = (n) => ({ body: `kept ${n}` });
    await get('/keep');
    await engine.stop();
    engine = await startContentEngine(dataDir);
    configure([cacheLocation('/', {})]);
    const after = await get('/keep');
    expect([after.headers['x-cache-status'], after.body]).toEqual(['HIT', 'kept 1']);
    expect(seen('/keep')).toHaveLength(1);
  });

  it('max_size evicts the least recently used', async () => {
    configure([cacheLocation('/', {})], { maxSizeBytes: 4096 });
    for (const p of ['/l/1', '/l/2', '/l/3']) answers[p] = () => ({ body: 'z'.repeat(1500) });
    for (const p of ['/l/1', '/l/2', '/l/1', '/l/3']) await get(p);
    expect((await get('/l/2')).headers['x-cache-status']).toBe('MISS');
    expect((await get('/l/3')).headers['x-cache-status']).toBe('HIT');
  });
});
