// Byte ranges on proxied answers. The test upstream never serves ranges itself (its
// answers are "<name> <status>" with a Content-Length and no Accept-Ranges): without
// proxy_force_ranges nginx passes the Range header on and the upstream's whole 200 back;
// with it, nginx's range filter cuts one range out of any 200 of known length (206),
// answers 416 for a range it cannot read or satisfy, declines several ranges (the whole
// 200), honours If-Range against the answer's ETag, and says "Accept-Ranges: bytes" on
// the whole answers it could have ranged. With a cache, a miss and a hit are ranged alike.
// A 416 is a page each proxy writes itself: its body is compared as "<generated page>"
// (nginx's names nginx), everything else as is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRequest, startPair } from './harness/pair.ts';
import { GENERATED_PAGE, type Observation } from './harness/normalise.ts';
import { usePortico } from './harness/case-suite.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'ranges.example.com';
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-ranges-'));
const get = (target: string, headers: [string, string][] = [], extra: Partial<RawRequest> = {}): RawRequest => ({ target, host, headers, ...extra });
const range = (value: string): [string, string] => ['Range', value];

interface RangeProbe {
  req: RawRequest;
  status: number;
  body?: string;
}

interface RangeCase {
  desc: string;
  config: string;
  probes: RangeProbe[];
}

const cases: RangeCase[] = [
  {
    desc: 'without proxy_force_ranges: Range goes upstream, its whole 200 comes back',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: get('/x', [range('bytes=0-0')]), status: 200, body: 'a 200' },
      { req: get('/x', [range('bytes=abc')]), status: 200 },
      { req: get('/x'), status: 200 },
    ],
  },
  {
    desc: 'proxy_force_ranges on: single ranges of every form',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; proxy_force_ranges on; } }`,
    probes: [
      { req: get('/x', [range('bytes=0-0')]), status: 206, body: 'a' },
      { req: get('/x', [range('bytes=2-')]), status: 206, body: '200' },
      { req: get('/x', [range('bytes=-3')]), status: 206, body: '200' },
      { req: get('/x', [range('bytes=1-100')]), status: 206, body: ' 200' },
      { req: get('/x', [range('bytes=-100')]), status: 206, body: 'a 200' },
      { req: get('/x', [range('bytes=0-')]), status: 206, body: 'a 200' },
      { req: get('/x', [range('BYTES=1-2')]), status: 206, body: ' 2' },
      { req: get('/x', [range('bytes= 1 - 2 ')]), status: 206, body: ' 2' },
      { req: get('/x', [range('bytes=3-3'), range('bytes=0-1')]), status: 206, body: '0' },
      { req: get('/x', [range('bytes=0-1')], { method: 'HEAD' }), status: 206, body: '' },
      { req: get('/x', [range('bytes=0-1')], { method: 'POST', body: 'data' }), status: 206, body: 'a ' },
      { req: get('/x'), status: 200, body: 'a 200' },
    ],
  },
  {
    desc: 'proxy_force_ranges on: ranges nginx declines (the whole 200) or cannot satisfy (416)',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; proxy_force_ranges on; } }`,
    probes: [
      { req: get('/x', [range('bytes=0-1,3-4')]), status: 200, body: 'a 200' },
      { req: get('/x', [range('bytes=0-0, 2-2')]), status: 200 },
      { req: get('/x', [range('items=0-1')]), status: 200 },
      { req: get('/x', [range('bytes=')]), status: 200 },
      { req: get('/x', [range('bytes=abc')]), status: 416 },
      { req: get('/x', [range('bytes=3-1')]), status: 416 },
      { req: get('/x', [range('bytes=5-')]), status: 416 },
      { req: get('/x', [range('bytes=9-20')]), status: 416 },
      { req: get('/x', [range('bytes=-0')]), status: 416 },
      { req: get('/x', [range('bytes=1-2,')]), status: 416 },
      { req: get('/x', [range('bytes=0-1')], { method: 'HEAD' }), status: 206 },
    ],
  },
  {
    desc: 'proxy_force_ranges on: If-Range against the ETag; other statuses untouched',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; proxy_force_ranges on; } }`,
    probes: [
      { req: get('/etag', [range('bytes=0-0'), ['If-Range', '"v1"']]), status: 206, body: 'a' },
      { req: get('/etag', [range('bytes=0-0'), ['If-Range', '"v2"']]), status: 200 },
      { req: get('/etag', [range('bytes=0-0'), ['If-Range', 'W/"v1"']]), status: 200 },
      { req: get('/x', [range('bytes=0-0'), ['If-Range', '"v1"']]), status: 200 },
      { req: get('/x', [range('bytes=0-0'), ['If-Range', 'Mon, 01 Jan 2024 00:00:00 GMT']]), status: 200 },
      { req: get('/status/404', [range('bytes=0-0')]), status: 404 },
      { req: get('/status/201', [range('bytes=0-0')]), status: 201 },
      { req: get('/status/500', [range('bytes=0-0')]), status: 500 },
      { req: get('/redirect-rel', [range('bytes=0-0')]), status: 302 },
    ],
  },
  {
    desc: 'proxy_force_ranges inherited from the server, turned off in a location',
    config: `server { listen 80; server_name ${host}; proxy_force_ranges on;
      location / { proxy_pass http://{{a}}; }
      location /off/ { proxy_pass http://{{a}}; proxy_force_ranges off; } }`,
    probes: [
      { req: get('/x', [range('bytes=0-0')]), status: 206, body: 'a' },
      { req: get('/off/x', [range('bytes=0-0')]), status: 200 },
      { req: get('/off/x'), status: 200 },
    ],
  },
  {
    desc: 'proxy_force_ranges with a cache: the miss and the hit are ranged',
    config: `proxy_cache_path ${cacheDir}/forced keys_zone=forced:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache forced; proxy_cache_valid 200 1m; proxy_force_ranges on; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      { req: get('/c1', [range('bytes=1-2')]), status: 206, body: ' 2' },
      { req: get('/c1', [range('bytes=0-0')]), status: 206, body: 'a' },
      { req: get('/c1', [range('bytes=-1')]), status: 206, body: '0' },
      { req: get('/c1', [range('bytes=x')]), status: 416 },
      { req: get('/c1'), status: 200 },
    ],
  },
  {
    desc: 'the upstream offers ranges (Accept-Ranges: bytes), no cache: its header passes, Range goes to it',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: get('/accept-ranges/x', [range('bytes=0-0')]), status: 200, body: 'a 200' },
      { req: get('/accept-none/x', [range('bytes=0-0')]), status: 200 },
    ],
  },
  {
    desc: "proxy_force_ranges on: the upstream's Accept-Ranges is replaced",
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; proxy_force_ranges on; } }`,
    probes: [
      { req: get('/accept-none/x'), status: 200 },
      { req: get('/accept-none/x', [range('bytes=1-1')]), status: 206, body: ' ' },
      { req: get('/accept-ranges/x', [range('bytes=1-1')]), status: 206, body: ' ' },
    ],
  },
  {
    desc: 'a cache and an upstream that offers ranges: the miss and every hit are ranged as nginx reads Range',
    config: `proxy_cache_path ${cacheDir}/offered keys_zone=offered:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache offered; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      { req: get('/accept-ranges/c', [range('bytes=1-2')]), status: 206, body: ' 2' },
      { req: get('/accept-ranges/c', [range('bytes=0-0')]), status: 206, body: 'a' },
      { req: get('/accept-ranges/c', [range('BYTES=-2')]), status: 206, body: '00' },
      { req: get('/accept-ranges/c', [range('bytes= 2 - 3 ')]), status: 206, body: '20' },
      { req: get('/accept-ranges/c', [range('bytes=3-')]), status: 206, body: '00' },
      { req: get('/accept-ranges/c', [range('bytes=9-')]), status: 416 },
      { req: get('/accept-ranges/c', [range('bytes=abc')]), status: 416 },
      { req: get('/accept-ranges/c', [range('items=0-0')]), status: 200 },
      { req: get('/accept-ranges/c', [range('bytes=0-0'), ['If-Range', '"nope"']]), status: 200 },
      { req: get('/accept-ranges/c'), status: 200, body: 'a 200' },
    ],
  },
  {
    desc: 'a cache and an upstream that does not offer ranges: whole answers',
    config: `proxy_cache_path ${cacheDir}/plain keys_zone=plain:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache plain; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      { req: get('/p', [range('bytes=0-0')]), status: 200, body: 'a 200' },
      { req: get('/p', [range('bytes=0-0')]), status: 200, body: 'a 200' },
    ],
  },
];

const PAGE_HEADERS = /^(content-type|content-length): /;

/**
 * A 416's page is each proxy's own: its body is not compared, nor its type (a 416 from a
 * cached answer has an empty body in Portico: docs/nginx-compatibility.md).
 */
function comparable(o: Observation): Observation {
  if (o.status !== 416) return o;
  return { ...o, body: GENERATED_PAGE, headers: o.headers.filter((h) => !PAGE_HEADERS.test(h)) };
}

describe('conformance: byte ranges on proxied answers', () => {
  const portico = usePortico(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it.each(cases)('$desc', async (c) => {
    const pair = await startPair(portico(), c.config, { live: ['a'] });
    try {
      for (const probe of c.probes) {
        const label = `${describeRequest(probe.req)} ${JSON.stringify(probe.req.headers ?? [])}`;
        const seen = await pair.send(probe.req);
        expect.soft(seen.nginx.status, `nginx: ${label}`).toBe(probe.status);
        if (probe.body !== undefined) expect.soft(seen.nginx.body, `nginx body: ${label}`).toBe(probe.body);
        expect.soft(comparable(seen.portico), `Portico differs from nginx: ${label}`).toEqual(comparable(seen.nginx));
      }
    } finally {
      await pair.close();
    }
  });
});
