// error_page as nginx runs it: a URI (internal redirect, as GET, keeping the error's
// status), "=code" and "=" (the target's status), a named location (`@fallback`), a URL
// (302, or the "=30x" given), `internal` locations (a client gets 404), upstream statuses
// with proxy_intercept_errors, recursive_error_pages, try_files falling back to a named
// location, and `return 404` versus `return 404 "text"`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-errpage-'));
fs.writeFileSync(path.join(root, '404.txt'), 'custom not found\n');
fs.writeFileSync(path.join(root, '50x.txt'), 'custom server error\n');
fs.writeFileSync(path.join(root, 'empty.gif'), 'GIF89a');
fs.writeFileSync(path.join(root, 'here.txt'), 'here\n');
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'error_page 404 /404.txt with an internal location: missing files, return 404, and the page itself',
    config: `server { listen 80; server_name ${host}; root ${root};
      error_page 404 /404.txt;
      location = /404.txt { internal; add_header X-Page plain; add_header X-Always yes always; }
      location /gone { return 404; }
      location /text { return 404 "own text"; }
      location /via-rewrite { rewrite ^ /404.txt last; }
      location / { } }`,
    probes: [
      probe(req('/missing'), { status: 404, body: 'custom not found\n', headers: { 'x-page': null, 'x-always': 'yes' } }),
      probe(req('/gone'), { status: 404, body: 'custom not found\n' }),
      probe(req('/text'), { status: 404, body: 'own text' }),
      probe(req('/404.txt'), { status: 404, body: 'custom not found\n' }),
      probe(req('/here.txt'), { status: 200, body: 'here\n' }),
      probe(req('/via-rewrite'), { status: 200, body: 'custom not found\n', headers: { 'x-page': 'plain', 'x-always': 'yes' } }),
      probe(req('/missing', { method: 'HEAD' }), { status: 404, body: '' }),
    ],
  },
  {
    desc: 'error_page with =200, = and a named location for a dead upstream (502) and 503',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /eq200 { error_page 404 =200 /empty.gif; return 404; }
      location /named { error_page 502 503 = @fallback; proxy_pass http://{{dead}}; }
      location /keep { error_page 502 @fallback; proxy_pass http://{{dead}}; }
      location /maint { error_page 503 @fallback; return 503; }
      location /status { error_page 502 =503 /50x.txt; proxy_pass http://{{dead}}; }
      location = /50x.txt { }
      location @fallback { return 200 "fallback uri=$uri"; } }`,
    upstreams: { live: ['a'], dead: ['dead'] },
    probes: [
      probe(req('/eq200'), { status: 200, body: 'GIF89a' }),
      probe(req('/named/x?q=1'), { status: 200, body: 'fallback uri=/named/x' }),
      probe(req('/keep'), { status: 502, body: 'fallback uri=/keep' }),
      probe(req('/maint'), { status: 503, body: 'fallback uri=/maint' }),
      probe(req('/status'), { status: 503, body: 'custom server error\n' }),
    ],
  },
  {
    desc: 'error_page to a URL redirects (302, or the =30x given); to a proxied URI as GET, with the query of the page',
    config: `server { listen 80; server_name ${host};
      location /url { error_page 500 https://status.example.com/down; return 500; }
      location /perm { error_page 404 =301 http://example.com/moved; return 404; }
      location /proxied { error_page 404 /handler?from=404; return 404; }
      location /handler { proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/url'), { status: 302, headers: { location: 'https://status.example.com/down' } }),
      probe(req('/perm'), { status: 301, headers: { location: 'http://example.com/moved' } }),
      probe(req('/proxied?x=1'), { status: 404, target: '/handler?from=404', upstreams: ['a'] }),
      probe(req('/proxied', { method: 'POST', body: 'data' }), { status: 404, target: '/handler?from=404', upstreams: ['a'] }),
    ],
  },
  {
    desc: 'proxy_intercept_errors on: upstream statuses with an error_page are replaced, others pass',
    config: `server { listen 80; server_name ${host}; root ${root};
      error_page 404 /404.txt;
      error_page 500 502 503 504 /50x.txt;
      location = /404.txt { internal; add_header X-Page plain; add_header X-Always yes always; }
      location = /50x.txt { internal; }
      location /on/ { proxy_intercept_errors on; proxy_pass http://{{a}}; }
      location /off/ { proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/on/status/404'), { status: 404, body: 'custom not found\n' }),
      probe(req('/on/status/503'), { status: 503, body: 'custom server error\n' }),
      probe(req('/on/status/403'), { status: 403 }),
      probe(req('/on/ok'), { status: 200, upstreams: ['a'] }),
      probe(req('/off/status/404'), { status: 404 }),
    ],
  },
  {
    desc: 'recursive_error_pages: off, an error of the error page gets the plain page; on, it is redirected again',
    config: `
      server { listen 80; server_name off.example.com;
        error_page 404 /nf; error_page 503 =200 /ok;
        location = /nf { return 503; } location = /ok { return 200 "ok"; } location / { return 404; } }
      server { listen 80; server_name cycle.example.com; recursive_error_pages on;
        error_page 404 500 /nf; location = /nf { return 404; } location / { return 404; } }
      server { listen 80; server_name on.example.com; recursive_error_pages on;
        error_page 404 /nf; error_page 503 =200 /ok;
        location = /nf { return 503; } location = /ok { return 200 "ok"; } location / { return 404; } }`,
    probes: [
      probe(req('/x', { host: 'cycle.example.com' }), { status: 500 }),
      probe(req('/x', { host: 'off.example.com' }), { status: 503 }),
      probe(req('/x', { host: 'on.example.com' }), { status: 200, body: 'ok' }),
    ],
  },
  {
    desc: 'the maintenance page pattern: a file switch answers 503, error_page sends it to a named location that rewrites to the page; a set origin in add_header',
    config: `
      server { listen 80; server_name maint.example.com; root ${root};
        error_page 503 @maintenance;
        if (-f $document_root/here.txt) { return 503; }
        location / { proxy_pass http://{{a}}; }
        location @maintenance { rewrite ^(.*)$ /50x.txt break; } }
      server { listen 80; server_name cors.example.com;
        if ($http_origin ~* ^https?://(www\\.)?example\\.(com|org)$) { set $cors $http_origin; }
        location / { add_header Access-Control-Allow-Origin $cors always; proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/any/page', { host: 'maint.example.com' }), { status: 503, body: 'custom server error\n', upstreams: [] }),
      probe(req('/x', { host: 'cors.example.com', headers: [['Origin', 'https://www.example.org']] }), { status: 200, headers: { 'access-control-allow-origin': 'https://www.example.org' } }),
      probe(req('/x', { host: 'cors.example.com', headers: [['Origin', 'https://evil.test']] }), { status: 200, headers: { 'access-control-allow-origin': null } }),
    ],
  },
  {
    desc: 'try_files falls back to a named location that proxies the original URI; a named location is not reachable from outside',
    config: `server { listen 80; server_name ${host}; root ${root};
      location / { try_files $uri @backend; }
      location @backend { proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/here.txt'), { status: 200, body: 'here\n', upstreams: [] }),
      probe(req('/app/page?x=1'), { status: 200, target: '/app/page?x=1', upstreams: ['a'] }),
      probe(req('/@backend'), { status: 200, target: '/@backend', upstreams: ['a'] }),
    ],
  },
];

describeCases('conformance: error_page, named and internal locations', cases, { cleanup: () => fs.rmSync(root, { recursive: true, force: true }) });
