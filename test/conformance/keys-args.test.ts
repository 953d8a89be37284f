// Keys and arguments: $arg_name (case-insensitive name, first "name=", no match without
// "="), $args / $query_string / $is_args in return and rewrite targets and headers,
// $request_uri (as sent, query included) vs $uri (decoded, normalised) as limit_req keys,
// and variables of the upstream's answer in add_header ($upstream_http_*, $body_bytes_sent).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const args = (target: string, body: string) => probe(req(target), { status: 200, body });

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-keys-'));
const cached = (target: string, status: string) => probe(req(target), { status: 200, headers: { 'x-cache': status } });

const cases: Case[] = [
  {
    desc: '$arg_name: case-insensitive name, the first match, no match without "=", ";" is no separator',
    config: `server { listen 80; server_name ${host};
      location / { return 200 "foo=[$arg_foo] bar=[$arg_bar] x_y=[$arg_x_y] FOO=[$arg_FOO] args=[$args] qs=[$query_string] is=[$is_args]"; } }`,
    probes: [
      args('/?FOO=1&Bar=2&foo=3', 'foo=[1] bar=[2] x_y=[] FOO=[1] args=[FOO=1&Bar=2&foo=3] qs=[FOO=1&Bar=2&foo=3] is=[?]'),
      args('/?foo&foo=2', 'foo=[2] bar=[] x_y=[] FOO=[2] args=[foo&foo=2] qs=[foo&foo=2] is=[?]'),
      args('/?xfoo=1&foo=2', 'foo=[2] bar=[] x_y=[] FOO=[2] args=[xfoo=1&foo=2] qs=[xfoo=1&foo=2] is=[?]'),
      args('/?foo=a%20b+c&BAR', 'foo=[a%20b+c] bar=[] x_y=[] FOO=[a%20b+c] args=[foo=a%20b+c&BAR] qs=[foo=a%20b+c&BAR] is=[?]'),
      args('/?x_y=1&X_Y=2', 'foo=[] bar=[] x_y=[1] FOO=[] args=[x_y=1&X_Y=2] qs=[x_y=1&X_Y=2] is=[?]'),
      args('/?Foo=&foo=z', 'foo=[] bar=[] x_y=[] FOO=[] args=[Foo=&foo=z] qs=[Foo=&foo=z] is=[?]'),
      args('/?a=1;foo=2&foo=3', 'foo=[3] bar=[] x_y=[] FOO=[3] args=[a=1;foo=2&foo=3] qs=[a=1;foo=2&foo=3] is=[?]'),
      args('/', 'foo=[] bar=[] x_y=[] FOO=[] args=[] qs=[] is=[]'),
      args('/?', 'foo=[] bar=[] x_y=[] FOO=[] args=[] qs=[] is=[]'),
    ],
  },
  {
    desc: 'arguments in redirect targets, rewrite replacements and proxied headers',
    config: `server { listen 80; server_name ${host};
      location /r/ { return 302 /to?page=$arg_page&all=$args; }
      location /w/ { rewrite ^/w/(.*)$ /z/$1?id=$arg_ID; }
      location /v/ { rewrite ^ /z/v$is_args$args? last; }
      location /z/ { proxy_pass http://{{a}}; proxy_set_header X-Id $arg_id; proxy_set_header X-Args $args; } }`,
    probes: [
      probe(req('/r/x?PAGE=2&q=1'), { status: 302, headers: { location: `http://${host}:<proxy-port>/to?page=2&all=PAGE=2&q=1` } }),
      probe(req('/w/a?id=7&k=v'), { status: 200, target: '/z/a?id=7&id=7&k=v', upstreamHeaders: { 'x-id': '7', 'x-args': 'id=7&id=7&k=v' } }),
      probe(req('/w/a'), { status: 200, target: '/z/a?id=', upstreamHeaders: { 'x-id': null } }),
      // A "?" that a variable brings is part of the path, not the start of arguments.
      probe(req('/v/?a=1'), { status: 200, target: '/z/v%3Fa=1', upstreamHeaders: { 'x-args': null } }),
      probe(req('/v/'), { status: 200, target: '/z/v' }),
    ],
  },
  {
    desc: '$request_uri as a limit key counts the query apart; $uri does not',
    config: `limit_req_zone $request_uri zone=by_request_uri:1m rate=1r/m;
      limit_req_zone $uri zone=by_uri:1m rate=1r/m;
      limit_req_zone $arg_user zone=by_arg:1m rate=1r/m;
      server { listen 80; server_name ${host};
        location /ru/ { limit_req zone=by_request_uri; proxy_pass http://{{a}}; }
        location /u/ { limit_req zone=by_uri; proxy_pass http://{{a}}; }
        location /a/ { limit_req zone=by_arg; proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/ru/x?a=1'), { status: 200 }),
      probe(req('/ru/x?a=2'), { status: 200 }),
      probe(req('/ru/x?a=1'), { status: 503 }),
      probe(req('/ru/%78?a=1'), { status: 200 }),
      probe(req('/u/x?a=1'), { status: 200 }),
      probe(req('/u/x?a=2'), { status: 503 }),
      probe(req('/u/%78'), { status: 503 }),
      probe(req('/u/y/../x'), { status: 503 }),
      probe(req('/a/x?user=ann'), { status: 200 }),
      probe(req('/a/y?USER=ann'), { status: 503 }),
      probe(req('/a/y?user=bob'), { status: 200 }),
      probe(req('/a/y'), { status: 200 }),
      probe(req('/a/y'), { status: 200 }),
    ],
  },
  {
    desc: 'cache keys: $uri$is_args$arg_page, $request_uri, $uri',
    config: `proxy_cache_path ${cacheDir}/page keys_zone=by_page:1m;
      proxy_cache_path ${cacheDir}/req keys_zone=by_req:1m;
      proxy_cache_path ${cacheDir}/uri keys_zone=by_uri:1m;
      server { listen 80; server_name ${host};
        location /p/ { proxy_pass http://{{a}}; proxy_cache by_page; proxy_cache_key $uri$is_args$arg_page; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; }
        location /r/ { proxy_pass http://{{a}}; proxy_cache by_req; proxy_cache_key $request_uri; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; }
        location /u/ { proxy_pass http://{{a}}; proxy_cache by_uri; proxy_cache_key $uri; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      cached('/p/x?page=1&utm=a', 'MISS'),
      cached('/p/x?PAGE=1&utm=b', 'HIT'),
      cached('/p/x?page=2', 'MISS'),
      cached('/p/x', 'MISS'),
      cached('/p/x?other=1', 'MISS'),
      cached('/p/x?other=2', 'HIT'),
      cached('/r/x?a=1', 'MISS'),
      cached('/r/x?a=1', 'HIT'),
      cached('/r/x?a=2', 'MISS'),
      cached('/r/%78?a=1', 'MISS'),
      cached('/u/x?a=1', 'MISS'),
      cached('/u/x?a=2', 'HIT'),
      cached('/u/%78', 'HIT'),
    ],
  },
  {
    desc: 'add_header with $upstream_http_*, $body_bytes_sent',
    config: `server { listen 80; server_name ${host};
      location / { proxy_pass http://{{a}};
        add_header X-Was-Powered "$upstream_http_x_powered_by";
        add_header X-Up-Server "[$upstream_http_server]";
        add_header X-Missing "[$upstream_http_x_nothing]";
        add_header X-Sent "$body_bytes_sent" always; } }`,
    probes: [
      probe(req('/powered'), { status: 200, headers: { 'x-was-powered': 'Express', 'x-up-server': '[upstream/1.0]', 'x-missing': '[]', 'x-sent': '0' } }),
      probe(req('/plain'), { status: 200, headers: { 'x-was-powered': null, 'x-up-server': '[]' } }),
      probe(req('/status/404'), { status: 404, headers: { 'x-sent': '0', 'x-was-powered': null } }),
    ],
  },
];

describeCases('conformance: keys and arguments', cases, { cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });
