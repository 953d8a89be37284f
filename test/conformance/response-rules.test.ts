// Response rules found different from nginx by exploring and then fixed: `expires` on
// proxied answers and on `return` (replacing the upstream's Expires and Cache-Control),
// `expires 0`, the cache status header with "always", a 304 revalidation renewing the entry
// by proxy_cache_valid of its own status, the X-Accel-* headers nginx hides (and the ones it
// passes), Refresh rewritten but left relative, a Location whose query holds "url=",
// add_header with $status / $upstream_status / $sent_http_*, a retried 503 with no live
// server left (502), limit_req_status 444 closing the connection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import type { Case } from './harness/pair.ts';

const host = 'app.example.com';
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-cache-'));
const get = (target: string, headers: [string, string][] = []) => ({ target, host, headers });

const cases: Case[] = [
  {
    desc: 'expires on a proxied location and on return replaces the upstream Expires and Cache-Control on 2xx/3xx',
    config: `server { listen 80; server_name ${host};
      location /p/ { proxy_pass http://{{a}}; expires 1h; }
      location /zero/ { proxy_pass http://{{a}}; expires 0; }
      location /max/ { proxy_pass http://{{a}}; expires max; }
      location /epoch/ { proxy_pass http://{{a}}; expires epoch; }
      location /r/ { expires 1h; return 200 "r"; }
      location /r404/ { expires 1h; return 404; } }`,
    probes: [
      { req: get('/p/lifetime'), expect: { status: 200, headers: { 'cache-control': 'max-age=3600', expires: '<now+3600s>' } } },
      { req: get('/p/redirect-abs'), expect: { status: 302, headers: { 'cache-control': 'max-age=3600' } } },
      { req: get('/p/status/500/lifetime'), expect: { status: 500, headers: { 'cache-control': 'private, max-age=5' } } },
      { req: get('/zero/lifetime'), expect: { status: 200, headers: { 'cache-control': 'max-age=0', expires: '<now+0s>' } } },
      { req: get('/max/x'), expect: { status: 200, headers: { 'cache-control': 'max-age=315360000', expires: 'Thu, 31 Dec 2037 23:55:55 GMT' } } },
      { req: get('/epoch/x'), expect: { status: 200, headers: { 'cache-control': 'no-cache', expires: 'Thu, 01 Jan 1970 00:00:01 GMT' } } },
      { req: get('/r/x'), expect: { status: 200, body: 'r', headers: { 'cache-control': 'max-age=3600' } } },
      { req: get('/r404/x'), expect: { status: 404, headers: { 'cache-control': null, expires: null } } },
    ],
  },
  {
    desc: 'add_header X-Cache $upstream_cache_status always: also on error answers, MISS then HIT',
    config: `proxy_cache_path ${cacheDir}/always keys_zone=always:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache always; proxy_cache_valid 404 1m; add_header X-Cache $upstream_cache_status always; } }`,
    probes: [
      { req: get('/status/404'), expect: { status: 404, headers: { 'x-cache': 'MISS' }, upstreams: ['a'] } },
      { req: get('/status/404'), expect: { status: 404, headers: { 'x-cache': 'HIT' }, upstreams: [] } },
      { req: get('/status/500'), expect: { status: 500, headers: { 'x-cache': 'MISS' } } },
    ],
  },
  {
    desc: "proxy_cache_revalidate: a 304 without lifetime headers renews the entry by proxy_cache_valid of the entry's status",
    config: `proxy_cache_path ${cacheDir}/reval keys_zone=reval:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache reval; proxy_cache_valid 200 1s; proxy_cache_revalidate on; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      { req: get('/etag'), expect: { status: 200, headers: { 'x-cache': 'MISS' } } },
      { waitMs: 2100 },
      { req: get('/etag'), expect: { status: 200, headers: { 'x-cache': 'REVALIDATED' }, upstreamHeaders: { 'if-none-match': '"v1"' } } },
      { req: get('/etag'), expect: { status: 200, headers: { 'x-cache': 'HIT' }, upstreams: [] } },
    ],
  },
  {
    desc: 'X-Accel-* headers: the ones nginx acts on are hidden, others pass',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [{ req: get('/accel'), expect: { status: 200, headers: { 'x-accel-buffering': null, 'x-accel-other': 'kept' } } }],
  },
  {
    desc: 'proxy_redirect default: Refresh rewritten and left relative; a Location with "url=" in its query rewritten',
    config: `server { listen 80; server_name ${host}; location /app/ { proxy_pass http://{{a}}/back/; } }`,
    probes: [
      { req: get('/app/refresh'), expect: { status: 200, headers: { refresh: '5; url=/app/moved' } } },
      { req: get('/app/redirect-query'), expect: { status: 302, headers: { location: `http://${host}:<proxy-port>/app/login?return_url=%2Fx` } } },
    ],
  },
  {
    desc: 'add_header with response variables: $status, $upstream_status, $sent_http_*',
    config: `server { listen 80; server_name ${host};
      location / { proxy_pass http://{{a}}; add_header X-S $status always; add_header X-U $upstream_status always; add_header X-CT $sent_http_content_type always; }
      location /r/ { add_header X-S $status always; add_header X-CT "[$sent_http_content_type]" always; return 201 "made"; } }`,
    probes: [
      { req: get('/x'), expect: { status: 200, headers: { 'x-s': '200', 'x-u': '200', 'x-ct': 'text/plain' } } },
      { req: get('/status/404'), expect: { status: 404, headers: { 'x-s': '404', 'x-u': '404' } } },
      { req: get('/r/x'), expect: { status: 201, headers: { 'x-s': '201', 'x-ct': '[text/plain]' } } },
    ],
  },
  {
    desc: 'gzip: HEAD gets the headers a GET would get',
    config: `server { listen 80; server_name ${host}; gzip on; gzip_types text/plain; gzip_min_length 1; gzip_vary on;
      location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { ...get('/x', [['Accept-Encoding', 'gzip']]), method: 'HEAD' }, expect: { status: 200, body: '', headers: { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } } },
      { req: { ...get('/x'), method: 'HEAD' }, expect: { status: 200, body: '', headers: { 'content-encoding': null, vary: 'Accept-Encoding' } } },
    ],
  },
  {
    desc: 'proxy_next_upstream http_503 when the only other server is down: 502 (no live upstreams), not the 503',
    config: `upstream pool { server {{a}}; server {{x}}; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://pool; proxy_next_upstream error timeout http_503; } }`,
    upstreams: { live: ['a'], dead: ['x'] },
    probes: [
      { req: get('/x'), expect: { status: 200 } },
      { req: get('/x'), expect: { status: 200 } },
      { req: get('/status/503'), expect: { status: 502, upstreams: ['a'] } },
    ],
  },
  {
    desc: 'limit_req_status 444 closes the connection without a response',
    config: `limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
      server { listen 80; server_name ${host}; location / { limit_req zone=one; limit_req_status 444; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: get('/x'), expect: { status: 200 } },
      { req: get('/x'), expect: { status: 0, upstreams: [] } },
    ],
  },
];

describeCases('conformance: response rules', cases, { timeoutMs: 30_000, cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });
