// Request rules found different from nginx by exploring and then fixed: header size
// limits from large_client_header_buffers (default 4 × 8k and raised), header names
// nginx drops (underscores, other invalid characters) and underscores_in_headers on,
// regexes nested in prefix locations, try_files' internal redirect, non-ASCII prefix locations, and client_max_body_size checked before return and 404.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { requestsTo, type Case } from './harness/pair.ts';

const host = 'app.example.com';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-root-'));
fs.mkdirSync(path.join(root, 'site'));
fs.writeFileSync(path.join(root, 'site', 'here.txt'), 'here\n');
fs.writeFileSync(path.join(root, 'index.html'), '<p>app</p>\n');
fs.writeFileSync(path.join(root, 'hundred.txt'), 'x'.repeat(100));
const modified = new Date('2024-01-02T03:04:05Z');
fs.utimesSync(path.join(root, 'hundred.txt'), modified, modified);
const req = requestsTo(host);
const big = (n: number) => 'c'.repeat(n);
const manyHeaders = (count: number, size: number): [string, string][] => Array.from({ length: count }, (_, i) => [`X-Big-${i}`, big(size)]);

const cases: Case[] = [
  {
    desc: 'default large_client_header_buffers (4 × 8k): a long cookie is 400, a long request line 414, too many large headers 400',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: req('/x', { headers: [['Cookie', `a=${big(10_000)}`]] }), expect: { status: 400, upstreams: [] } },
      { req: req(`/x?${big(10_000)}`), expect: { status: 414, upstreams: [] } },
      { req: req('/x', { headers: manyHeaders(5, 7000) }), expect: { status: 400, upstreams: [] } },
      { req: req('/x', { headers: [['Cookie', `a=${big(7000)}`]] }), expect: { status: 200 } },
    ],
  },
  {
    desc: 'large_client_header_buffers 4 16k lets big cookies, tokens and query strings through',
    config: `large_client_header_buffers 4 16k;
      server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: req('/x', { headers: [['Cookie', `a=${big(10_000)}`]] }), expect: { status: 200 } },
      { req: req('/x', { headers: [['Authorization', `Bearer ${big(12_000)}`]] }), expect: { status: 200 } },
      { req: req(`/x?${big(10_000)}`), expect: { status: 200 } },
      { req: req('/x', { headers: [['Cookie', `a=${big(17_000)}`]] }), expect: { status: 400, upstreams: [] } },
    ],
  },
  {
    desc: 'header names with underscores or other invalid characters are dropped (ignore_invalid_headers on)',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      {
        req: req('/x', { headers: [['X_Forwarded_For', '6.6.6.6'], ['X-Dots.Name', 'v'], ['X-Fine', 'ok']] }),
        expect: { status: 200, upstreamHeaders: { x_forwarded_for: null, 'x-dots.name': null, 'x-fine': 'ok' } },
      },
    ],
  },
  {
    desc: 'underscores_in_headers on forwards names with underscores',
    config: `underscores_in_headers on;
      server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [{ req: req('/x', { headers: [['X_Under', 'score'], ['X-Dots.Name', 'v']] }), expect: { status: 200, upstreamHeaders: { x_under: 'score', 'x-dots.name': null } } }],
  },
  {
    desc: 'a regex nested in a prefix location applies only when that prefix is the longest match',
    config: `server { listen 80; server_name ${host};
      location / { location ~ \\.(css|js)$ { return 200 "nested-static"; } return 200 "root"; }
      location /api/ { proxy_pass http://{{a}}; }
      location /app/ { location ~ \\.json$ { return 200 "app-json"; } location /app/inner/ { return 200 "inner"; } return 200 "app"; }
      location /app/v2/ { return 200 "app-v2"; }
      location ~ \\.json$ { return 200 "server-json"; } }`,
    probes: [
      { req: req('/x.css'), expect: { status: 200, body: 'nested-static' } },
      { req: req('/api/x.css'), expect: { status: 200, target: '/api/x.css' } },
      { req: req('/app/x.json'), expect: { status: 200, body: 'app-json' } },
      { req: req('/app/inner/x.json'), expect: { status: 200, body: 'app-json' } },
      { req: req('/app/v2/x.json'), expect: { status: 200, body: 'server-json' } },
      { req: req('/app/v2/x'), expect: { status: 200, body: 'app-v2' } },
    ],
  },
  {
    desc: "try_files' last URI is an internal redirect: the location search runs again (proxy, return, same location)",
    config: `server { listen 80; server_name ${host}; root ${root};
      location /site/ { try_files $uri /backend$uri?$args; }
      location /backend/ { proxy_pass http://{{a}}; }
      location /idx/ { try_files $uri /idx-target; }
      location = /idx-target { return 200 "idx-target uri=$uri args=$args"; }
      location / { try_files $uri /index.html; } }`,
    probes: [
      { req: req('/site/here.txt'), expect: { status: 200, body: 'here\n', upstreams: [] } },
      { req: req('/site/page?x=1'), expect: { status: 200, target: '/backend/site/page?x=1' } },
      { req: req('/idx/page?y=2'), expect: { status: 200, body: 'idx-target uri=/idx-target args=' } },
      { req: req('/deep/link'), expect: { status: 200, body: '<p>app</p>\n' } },
    ],
  },
  {
    desc: 'static files: conditional requests (304 headers, 412, exact If-Modified-Since), If-Range, range syntax',
    config: `server { listen 80; server_name ${host}; root ${root}; location / { } }`,
    probes: [
      { req: req('/hundred.txt', { headers: [['If-Modified-Since', modified.toUTCString()]] }), expect: { status: 304, headers: { 'content-type': null, 'accept-ranges': null } } },
      { req: req('/hundred.txt', { headers: [['If-Modified-Since', 'Tuesday, 02-Jan-24 03:04:05 GMT']] }), expect: { status: 304 } },
      { req: req('/hundred.txt', { headers: [['If-Modified-Since', 'Tue, 02 Jan 2024 03:04:06 GMT']] }), expect: { status: 200 } },
      { req: req('/hundred.txt', { headers: [['If-None-Match', '*']] }), expect: { status: 304 } },
      { req: req('/hundred.txt', { headers: [['If-Match', '"nope"']] }), expect: { status: 412 } },
      { req: req('/hundred.txt', { headers: [['If-Unmodified-Since', 'Mon, 01 Jan 2024 00:00:00 GMT']] }), expect: { status: 412 } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes=0-9']] }), expect: { status: 206, headers: { 'content-range': 'bytes 0-9/100', 'accept-ranges': null } } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes=0-9'], ['If-Range', 'Mon, 01 Jan 2024 00:00:00 GMT']] }), expect: { status: 200 } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes=0-9'], ['If-Range', '"nope"']] }), expect: { status: 200 } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes=0-9'], ['If-Range', modified.toUTCString()]] }), expect: { status: 206 } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes= 0-9']] }), expect: { status: 206 } },
      { req: req('/hundred.txt', { headers: [['Range', 'bytes=abc']] }), expect: { status: 416 } },
    ],
  },
  {
    desc: 'prefix and exact locations with non-ASCII characters match their UTF-8 request paths',
    config: `server { listen 80; server_name ${host};
      location /café/ { return 200 "cafe-prefix"; }
      location = /naïve { return 200 "naive-exact"; }
      location / { return 200 "root"; } }`,
    probes: [
      { req: req('/caf%C3%A9/x'), expect: { status: 200, body: 'cafe-prefix' } },
      { req: req('/na%C3%AFve'), expect: { status: 200, body: 'naive-exact' } },
      { req: req('/caf%E9/x'), expect: { status: 200, body: 'root' } },
    ],
  },
  {
    desc: 'client_max_body_size is checked against Content-Length before return, static files and 404',
    config: `server { listen 80; server_name ${host}; client_max_body_size 10;
      location = /hook { return 204; }
      location /p/ { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: req('/hook', { method: 'POST', body: '01234567890' }), expect: { status: 413 } },
      { req: req('/hook', { method: 'POST', body: '0123456789' }), expect: { status: 204 } },
      { req: req('/nolocation', { method: 'POST', body: '01234567890' }), expect: { status: 413 } },
      { req: req('/p/x', { method: 'POST', body: '01234567890' }), expect: { status: 413, upstreams: [] } },
    ],
  },
];

describeCases('conformance: request rules', cases, { timeoutMs: 30_000, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) });
