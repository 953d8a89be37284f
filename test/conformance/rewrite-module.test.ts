// The rewrite module as nginx runs it: a level's directives in order (`return` before a
// later `rewrite` answers; a flagless rewrite then `return`; `break`), `set` variables
// (maintenance switches, used in headers), `if` with every condition kind (=, !=, ~, ~*,
// !~, !~*, a variable's truth, -f/-d/-e and negations, regex captures), server-level
// steps before the location search, and the rewrite cycle limit (500).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-rewrite-'));
const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-rewrite-closed-'));
fs.writeFileSync(path.join(closed, 'maintenance.html'), 'down\n');
fs.mkdirSync(path.join(root, 'dir'));
fs.writeFileSync(path.join(root, 'file.txt'), 'file\n');
fs.writeFileSync(path.join(root, 'index.html'), '<p>index</p>\n');
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'a location runs its rewrite directives in order: return first answers, a flagless rewrite goes on to the return, last searches again, break stays',
    config: `server { listen 80; server_name ${host};
      location /first { return 403; rewrite ^ /d last; }
      location /flagless { rewrite ^/flagless(.*)$ /moved$1; return 200 "uri=$uri"; }
      location /last { rewrite ^ /d last; return 200 "not here"; }
      location /brk { rewrite ^/brk/(.*)$ /up/$1 break; return 200 "not here"; proxy_pass http://{{a}}; }
      location /two { rewrite ^/two/(.*)$ /d/$1; rewrite ^/d/x$ /d/y; }
      location /d { return 200 "d uri=$uri args=$args"; } }`,
    probes: [
      probe(req('/first'), { status: 403 }),
      probe(req('/flagless/a?q=1'), { status: 200, body: 'uri=/moved/a' }),
      probe(req('/last'), { status: 200, body: 'd uri=/d args=' }),
      probe(req('/brk/z?k=v'), { status: 200, target: '/up/z?k=v' }),
      probe(req('/two/x'), { status: 200, body: 'd uri=/d/y args=' }),
      probe(req('/two/other?a=b'), { status: 200, body: 'd uri=/d/other args=a=b' }),
    ],
  },
  {
    desc: 'maintenance switches: set + if at the server level, on and off, and a file test on the root',
    config: `
      server { listen 80; server_name on.example.com; set $maintenance on; if ($maintenance = on) { return 503; } location / { proxy_pass http://{{a}}; } }
      server { listen 80; server_name off.example.com; set $maintenance off; if ($maintenance = on) { return 503; } location / { proxy_pass http://{{a}}; } }
      server { listen 80; server_name file.example.com; root ${closed}; if (-f $document_root/maintenance.html) { return 503 "maintenance"; } location / { proxy_pass http://{{a}}; } }
      server { listen 80; server_name nofile.example.com; root ${root}; if (-f $document_root/maintenance.html) { return 503 "maintenance"; } location / { proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/x', { host: 'on.example.com' }), { status: 503, upstreams: [] }),
      probe(req('/x', { host: 'off.example.com' }), { status: 200, upstreams: ['a'] }),
      probe(req('/x', { host: 'file.example.com' }), { status: 503, body: 'maintenance', upstreams: [] }),
      probe(req('/x', { host: 'nofile.example.com' }), { status: 200, upstreams: ['a'] }),
    ],
  },
  {
    desc: 'if on the method, a header regex (~*), the arguments, negations and a variable\'s truth',
    config: `server { listen 80; server_name ${host};
      location /m { if ($request_method = POST) { return 405; } return 200 "method ok"; }
      location /ua { if ($http_user_agent ~* bot) { return 403; } proxy_pass http://{{a}}; }
      location /args { if ($args ~ "(^|&)debug=1") { return 200 "debug"; } return 200 "plain"; }
      location /not { if ($http_x_key != "secret") { return 401; } if ($http_accept !~* json) { return 406; } return 200 "in"; }
      location /truth { set $flag $arg_f; if ($flag) { return 200 "true:$flag"; } return 200 "false"; } }`,
    probes: [
      probe(req('/m', { method: 'POST', body: 'x' }), { status: 405 }),
      probe(req('/m'), { status: 200, body: 'method ok' }),
      probe(req('/ua', { headers: [['User-Agent', 'Googlebot/2.1']] }), { status: 403, upstreams: [] }),
      probe(req('/ua', { headers: [['User-Agent', 'GOOGLEBOT']] }), { status: 403, upstreams: [] }),
      probe(req('/ua', { headers: [['User-Agent', 'curl/8']] }), { status: 200, upstreams: ['a'] }),
      probe(req('/args?a=1&debug=1'), { status: 200, body: 'debug' }),
      probe(req('/args?xdebug=1'), { status: 200, body: 'plain' }),
      probe(req('/not'), { status: 401 }),
      probe(req('/not', { headers: [['X-Key', 'secret']] }), { status: 406 }),
      probe(req('/not', { headers: [['X-Key', 'secret'], ['Accept', 'application/JSON']] }), { status: 200, body: 'in' }),
      probe(req('/truth?f=1'), { status: 200, body: 'true:1' }),
      probe(req('/truth?f=0'), { status: 200, body: 'false' }),
      probe(req('/truth?f='), { status: 200, body: 'false' }),
      probe(req('/truth'), { status: 200, body: 'false' }),
      probe(req('/truth?f=00'), { status: 200, body: 'true:00' }),
    ],
  },
  {
    desc: 'regex captures of an if are $1… for the steps after it; rewrite inside if; set values reach headers',
    config: `server { listen 80; server_name ${host};
      location /cap/ { if ($uri ~ ^/cap/(\\w+)/(\\d+)$) { return 200 "name=$1 id=$2"; } return 404; }
      location /nc/ { if ($uri ~ ^/nc/(?<item>[a-z]+)/(?P<num>\\d+)$) { return 200 "item=$item num=$num"; } return 200 "none:$item"; }
      location /inif/ { if ($arg_v = 2) { rewrite ^/inif/(.*)$ /v2/$1 last; } return 200 "v1"; }
      location /v2/ { return 200 "v2 uri=$uri"; }
      location /hdr/ { set $tier gold; if ($http_x_vip) { set $tier platinum; } proxy_set_header X-Tier $tier; proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/cap/abc/42'), { status: 200, body: 'name=abc id=42' }),
      probe(req('/cap/abc'), { status: 404 }),
      probe(req('/nc/abc/7'), { status: 200, body: 'item=abc num=7' }),
      probe(req('/nc/ABC/7'), { status: 200, body: 'none:' }),
      probe(req('/inif/x?v=2'), { status: 200, body: 'v2 uri=/v2/x' }),
      probe(req('/inif/x?v=1'), { status: 200, body: 'v1' }),
      probe(req('/hdr/'), { status: 200, upstreamHeaders: { 'x-tier': 'gold' } }),
      probe(req('/hdr/', { headers: [['X-VIP', 'yes']] }), { status: 200, upstreamHeaders: { 'x-tier': 'platinum' } }),
    ],
  },
  {
    desc: 'file tests: -f, -d, -e and negations on $request_filename',
    config: `server { listen 80; server_name ${host}; root ${root};
      location / { if (!-e $request_filename) { rewrite ^ /fallback last; } if (-d $request_filename) { return 200 "dir"; } if (-f $request_filename) { return 200 "file"; } }
      location = /fallback { return 200 "fallback uri=$uri"; } }`,
    probes: [
      probe(req('/file.txt'), { status: 200, body: 'file' }),
      probe(req('/dir'), { status: 200, body: 'dir' }),
      probe(req('/missing'), { status: 200, body: 'fallback uri=/fallback' }),
    ],
  },
  {
    desc: 'break stops the steps (the location still serves), the server level runs before the location search',
    config: `server { listen 80; server_name ${host};
      rewrite ^/old/(.*)$ /new/$1;
      if ($http_x_block) { return 403 "blocked"; }
      location /brk { set $x one; break; set $x two; return 200 "never"; proxy_set_header X-X $x; proxy_pass http://{{a}}; }
      location /new/ { return 200 "new uri=$uri"; } }`,
    probes: [
      probe(req('/brk'), { status: 200, upstreamHeaders: { 'x-x': 'one' } }),
      probe(req('/old/page'), { status: 200, body: 'new uri=/new/page' }),
      probe(req('/new/page', { headers: [['X-Block', '1']] }), { status: 403, body: 'blocked' }),
    ],
  },
  {
    desc: 'rewrite redirect / permanent inside if, and a rewrite cycle is 500',
    config: `server { listen 80; server_name ${host};
      location /go { if ($arg_p) { rewrite ^ /perm permanent; } rewrite ^ /temp redirect; }
      location /loop1 { rewrite ^ /loop2 last; }
      location /loop2 { rewrite ^ /loop1 last; } }`,
    probes: [
      probe(req('/go?p=1'), { status: 301 }),
      probe(req('/go'), { status: 302 }),
      probe(req('/loop1'), { status: 500 }),
    ],
  },
];

describeCases('conformance: the rewrite module', cases, {
  cleanup: () => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(closed, { recursive: true, force: true });
  },
});
