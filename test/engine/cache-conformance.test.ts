// The response cache and gzip against real nginx (Debian's 1.22): one configuration
// text, run by nginx as written and imported into Portico with importNginx(); the same
// requests to both; what each client got (status, the cache status header,
// Content-Encoding, Vary, the decoded body) and how many requests each upstream saw.
// Each proxy has its own upstream with identical behaviour, so the counts are separate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importNginx } from '../../core/nginx/import-nginx.ts';
import { startNginx, type NginxUnderTest } from '../conformance/harness/nginx.ts';
import { send, type RawRequest, type RawResponse } from '../conformance/harness/raw-http.ts';
import { startContentEngine, type ContentEngine } from '../helpers/content-engine.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';

const HOST = 'app.test';
const TEXT = `${'The quick brown fox jumps over the lazy dog. '.repeat(40)}\n`;

/** One upstream per proxy, same answers; counts requests per path. */
async function behaviour(): Promise<{ server: EchoUpstream; count: (p: string) => number; kill(): Promise<void> }> {
  const counts = new Map<string, number>();
  const server = await startEchoUpstream((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    const n = (counts.get(p) ?? 0) + 1;
    counts.set(p, n);
    const reply = (status: number, body: string, headers: Record<string, string> = {}, delayMs = 0) =>
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      }, delayMs);
    if (p === '/nostore') reply(200, `nostore ${n}`, { 'cache-control': 'no-store' });
    else if (p === '/private') reply(200, `private ${n}`, { 'cache-control': 'private' });
    else if (p === '/cookie') reply(200, `cookie ${n}`, { 'set-cookie': 'a=1' });
    else if (p === '/stale/err') reply(n === 1 ? 200 : 500, n === 1 ? 'fresh' : 'broken');
    else if (p === '/lock') reply(200, `locked ${n}`, {}, 300);
    else if (p === '/gz') reply(200, TEXT);
    else if (p === '/gz-small') reply(200, 'small');
    else if (p === '/maxage') reply(200, `maxage ${n}`, { 'cache-control': 'max-age=1' });
    else if (p === '/ranged') reply(200, '0123456789abcdefghij', { 'accept-ranges': 'bytes', etag: '"r"' });
    else if (p === '/vary') reply(200, `vary ${req.headers['accept-language']} ${n}`, { vary: 'Accept-Language' });
    else reply(200, `${p} ${n}`, { etag: '"e1"' });
    return true;
  });
  return { server, count: (p) => counts.get(p) ?? 0, kill: () => server.close() };
}

function config(upstream: string, down: string, cacheDir: string): string {
  return `
proxy_cache_path ${cacheDir} levels=1:2 keys_zone=app_cache:10m max_size=100m inactive=60m use_temp_path=off;
server {
  listen 80;
  server_name ${HOST};
  proxy_cache app_cache;
  proxy_cache_valid 200 10m;
  proxy_cache_methods GET HEAD;
  proxy_cache_bypass $http_x_no_cache;
  add_header X-Cache-Status $upstream_cache_status;
  gzip on;
  gzip_vary on;
  gzip_proxied any;
  gzip_comp_level 5;
  gzip_min_length 256;
  gzip_types text/plain application/json;
  location / {
    proxy_pass http://${upstream};
  }
  location /stale/ {
    proxy_pass http://${upstream};
    proxy_cache_valid 200 1s;
    proxy_cache_use_stale error timeout updating http_500 http_502;
  }
  location /down/ {
    proxy_pass http://${down};
    proxy_cache_valid 200 1s;
    proxy_cache_use_stale error timeout;
  }
  location /nocookie/ {
    proxy_pass http://${upstream};
    proxy_cache_bypass $http_cookie $http_x_no_cache;
    proxy_no_cache $http_cookie;
  }
  location /lock {
    proxy_pass http://${upstream};
    proxy_cache_lock on;
  }
}
`;
}

interface Seen {
  status: number;
  cache: string | null;
  encoding: string | null;
  vary: string | null;
  body: string;
}

function seen(r: RawResponse): Seen {
  const header = (name: string) => {
    const values = r.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    return values.length ? values.join(', ') : null;
  };
  const encoding = header('content-encoding');
  return { status: r.status, cache: header('x-cache-status'), encoding, vary: header('vary'), body: encoding === 'gzip' ? gunzipSync(r.body).toString() : r.body.toString() };
}

let nginx: NginxUnderTest;
let portico: ContentEngine;
let forNginx: Awaited<ReturnType<typeof behaviour>>;
let forPortico: Awaited<ReturnType<typeof behaviour>>;
let downForNginx: Awaited<ReturnType<typeof behaviour>>;
let downForPortico: Awaited<ReturnType<typeof behaviour>>;
let cacheDir: string;

beforeAll(async () => {
  [forNginx, forPortico, downForNginx, downForPortico] = await Promise.all([behaviour(), behaviour(), behaviour(), behaviour()]);
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-nginx-cache-'));
  nginx = await startNginx(config(forNginx.server.address, downForNginx.server.address, cacheDir));
  portico = await startContentEngine();
  const plan = importNginx(config(forPortico.server.address, downForPortico.server.address, cacheDir));
  const lost = plan.warnings.filter((w) => w.kind === 'unsupported');
  expect(lost).toEqual([]);
  portico.configurePlan(plan);
});
afterAll(async () => {
  await Promise.all([nginx?.stop(), portico?.stop(true), forNginx?.kill(), forPortico?.kill(), downForNginx?.kill(), downForPortico?.kill()]);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function both(req: Omit<RawRequest, 'host'>): Promise<{ nginx: Seen; portico: Seen }> {
  const full = { host: HOST, ...req };
  return { nginx: seen(await send(nginx.port, full)), portico: seen(await send(portico.port, full)) };
}

/** Sends the requests in order to both; expects identical observations and returns nginx's. */
async function sequence(reqs: Omit<RawRequest, 'host'>[]): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const req of reqs) {
    const r = await both(req);
    expect.soft(r.portico, `${req.method ?? 'GET'} ${req.target}`).toEqual(r.nginx);
    out.push(r.nginx);
  }
  return out;
}

const counts = (p: string) => ({ nginx: forNginx.count(p), portico: forPortico.count(p) });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cache conformance with nginx', () => {
  it('MISS → HIT', async () => {
    const s = await sequence([{ target: '/hit' }, { target: '/hit' }]);
    expect(s.map((x) => x.cache)).toEqual(['MISS', 'HIT']);
    expect(counts('/hit')).toEqual({ nginx: 1, portico: 1 });
  });

  it.each(['/nostore', '/private', '/cookie'])('%s is not stored', async (p) => {
    const s = await sequence([{ target: p }, { target: p }]);
    expect(s.map((x) => x.cache)).toEqual(['MISS', 'MISS']);
    expect(counts(p)).toEqual({ nginx: 2, portico: 2 });
  });

  it('requests with cookies are cached as nginx caches them (the import keeps its meaning)', async () => {
    const s = await sequence([{ target: '/withcookie', headers: [['Cookie', 'session=a']] }, { target: '/withcookie', headers: [['Cookie', 'session=b']] }]);
    expect(s.map((x) => `${x.cache} ${x.body}`)).toEqual(['MISS /withcookie 1', 'HIT /withcookie 1']);
    expect(counts('/withcookie')).toEqual({ nginx: 1, portico: 1 });
  });

  it('proxy_cache_bypass + proxy_no_cache $http_cookie: cookie requests are neither served nor stored', async () => {
    const s = await sequence([
      { target: '/nocookie/a', headers: [['Cookie', 'session=a']] },
      { target: '/nocookie/a', headers: [['Cookie', 'session=a']] },
      { target: '/nocookie/a' },
      { target: '/nocookie/a', headers: [['Cookie', 'session=b']] },
      { target: '/nocookie/a' },
    ]);
    expect(s.map((x) => `${x.cache} ${x.body}`)).toEqual(['BYPASS /nocookie/a 1', 'BYPASS /nocookie/a 2', 'MISS /nocookie/a 3', 'BYPASS /nocookie/a 4', 'HIT /nocookie/a 3']);
  });

  it('POST is not cached (no status at all)', async () => {
    const s = await sequence([{ target: '/post', method: 'POST', body: 'x' }, { target: '/post', method: 'POST', body: 'x' }]);
    expect(s.map((x) => x.cache)).toEqual([null, null]);
    expect(counts('/post')).toEqual({ nginx: 2, portico: 2 });
  });

  it('HEAD fills the entry with a GET; GET is then a HIT', async () => {
    const s = await sequence([{ target: '/head', method: 'HEAD' }, { target: '/head' }]);
    expect(s.map((x) => x.cache)).toEqual(['MISS', 'HIT']);
    expect(counts('/head')).toEqual({ nginx: 1, portico: 1 });
  });

  it('bypass header: BYPASS, and the answer is stored', async () => {
    const s = await sequence([{ target: '/bypass' }, { target: '/bypass', headers: [['X-No-Cache', '1']] }, { target: '/bypass' }, { target: '/bypass', headers: [['X-No-Cache', '0']] }]);
    expect(s.map((x) => `${x.cache} ${x.body}`)).toEqual(['MISS /bypass 1', 'BYPASS /bypass 2', 'HIT /bypass 2', 'HIT /bypass 2']);
  });

  it('a conditional request on a HIT gets 304', async () => {
    const s = await sequence([{ target: '/cond' }, { target: '/cond', headers: [['If-None-Match', '"e1"']] }]);
    expect(s.map((x) => `${x.status} ${x.cache}`)).toEqual(['200 MISS', '304 HIT']);
  });

  it('byte ranges of a cached answer (upstream sent Accept-Ranges)', async () => {
    const s = await sequence([
      { target: '/ranged', headers: [['Range', 'bytes=2-5']] },
      { target: '/ranged', headers: [['Range', 'bytes=2-5']] },
      { target: '/ranged', headers: [['Range', 'bytes=-3']] },
      { target: '/ranged', headers: [['Range', 'bytes=0-1'], ['If-Range', '"other"']] },
    ]);
    expect(s.map((x) => `${x.status} ${x.cache} ${x.body}`)).toEqual(['206 MISS 2345', '206 HIT 2345', '206 HIT hij', '200 HIT 0123456789abcdefghij']);
  });

  it('Vary: one entry per variant', async () => {
    const s = await sequence(['en', 'fr', 'en'].map((l) => ({ target: '/vary', headers: [['Accept-Language', l]] as [string, string][] })));
    expect(s.map((x) => x.cache)).toEqual(['MISS', 'MISS', 'HIT']);
  });

  it('Cache-Control max-age expires: EXPIRED', async () => {
    await sequence([{ target: '/maxage' }]);
    await wait(2100);
    const s = await sequence([{ target: '/maxage' }]);
    expect(s[0]!.cache).toBe('EXPIRED');
  });

  it('stale on upstream error (http_500) and on a dead upstream (error)', async () => {
    await sequence([{ target: '/stale/err' }, { target: '/down/x' }]);
    await Promise.all([downForNginx.kill(), downForPortico.kill()]);
    await wait(2100);
    const s = await sequence([{ target: '/stale/err' }, { target: '/down/x' }]);
    expect(s.map((x) => `${x.status} ${x.cache} ${x.body}`)).toEqual(['200 STALE fresh', '200 STALE /down/x 1']);
  });

  it('lock: concurrent misses on a cold key → one upstream request', async () => {
    const burst = async (port: number) => Promise.all(Array.from({ length: 20 }, () => send(port, { target: '/lock', host: HOST })));
    const [fromNginx, fromPortico] = await Promise.all([burst(nginx.port), burst(portico.port)]);
    expect(counts('/lock')).toEqual({ nginx: 1, portico: 1 });
    const summary = (rs: RawResponse[]) => rs.map(seen).map((x) => `${x.status} ${x.body}`);
    expect(summary(fromPortico)).toEqual(summary(fromNginx));
    const statuses = (rs: RawResponse[]) => rs.map((r) => seen(r).cache).sort();
    expect(statuses(fromPortico)).toEqual(statuses(fromNginx));
  });

  it('gzip: headers and decoded body, fresh and from the cache, with and without Accept-Encoding', async () => {
    const s = await sequence([
      { target: '/gz', headers: [['Accept-Encoding', 'gzip']] },
      { target: '/gz', headers: [['Accept-Encoding', 'gzip, deflate, br']] },
      { target: '/gz' },
      { target: '/gz-small', headers: [['Accept-Encoding', 'gzip']] },
    ]);
    expect(s.map((x) => `${x.cache} ${x.encoding} ${x.vary}`)).toEqual(['MISS gzip Accept-Encoding', 'HIT gzip Accept-Encoding', 'HIT null Accept-Encoding', 'MISS null null']);
    expect(s[0]!.body).toBe(TEXT);
  });
});
