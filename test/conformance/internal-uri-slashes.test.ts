// The URI of an internal redirect is taken as it is, slashes not merged: nginx merges
// slashes (and resolves dot segments) only in the client's request line. An error_page
// URI, a `rewrite … last|break` replacement, a try_files fallback, an index file and an
// upstream's X-Accel-Redirect keep `//` in $uri, in the location search and upstream.
// (Their dot segments nginx keeps too, and Portico resolves: a documented difference.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo } from './harness/pair.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-slashes-'));
fs.mkdirSync(path.join(root, 'dir'));
fs.writeFileSync(path.join(root, 'dir', 'page.html'), 'page\n');
fs.writeFileSync(path.join(root, 'here.txt'), 'here\n');
const body = (text: string) => ({ status: 200, body: text });

const cases: Case[] = [
  {
    desc: 'error_page URIs with // from $uri, typed, and after the location search',
    config: `server { listen 80; server_name ${host};
      location /p/ { error_page 404 /oops/$uri; return 404; }
      location /q/ { error_page 404 /oops//typed//x; return 404; }
      location /r/ { error_page 404 =200 /oops/$uri?a=1; return 404; }
      location /s/ { error_page 502 /exact//x; proxy_pass http://{{dead}}; }
      location /t/ { error_page 404 /oops$request_uri; return 404; }
      location /u/ { error_page 404 //oops/x; return 404; }
      location /y/ { error_page 404 /oops/%2F/x; return 404; }
      location /z/ { error_page 404 /prox//$uri; return 404; }
      location /prox/ { proxy_pass http://{{a}}/base/; }
      location = /exact//x { return 200 "exact uri=$uri"; }
      location = /exact/x { return 200 "merged uri=$uri"; }
      location /dbl//x { return 200 "dbl uri=$uri"; }
      location ~ ^/oops//p/ { return 200 "regex uri=$uri args=$args"; }
      location /oops/ { return 200 "oops uri=$uri args=$args"; }
      location / { return 200 "root uri=$uri"; } }`,
    upstreams: { live: ['a'], dead: ['dead'] },
    probes: [
      { req: req('/p/a'), expect: { status: 404, body: 'regex uri=/oops//p/a args=' } },
      { req: req('/p//b///c') },
      { req: req('/q/x'), expect: { status: 404, body: 'oops uri=/oops//typed//x args=' } },
      { req: req('/r/a') },
      { req: req('/s/x'), expect: { status: 502, body: 'exact uri=/exact//x' } },
      { req: req('/t/a?z=1') },
      { req: req('/t//a//b') },
      { req: req('/u/x') },
      { req: req('/y/x') },
      { req: req('/z/a%20b//c?q=1') },
      { req: req('/dbl//x'), expect: { status: 200, body: 'root uri=/dbl/x' } },
      { req: req('/exact//x'), expect: { status: 200, body: 'merged uri=/exact/x' } },
    ],
  },
  {
    desc: 'rewrite last and break with // in the replacement: the location search, $uri and the upstream',
    config: `server { listen 80; server_name ${host};
      location /rl/ { rewrite ^/rl/(.*)$ /seen//$1 last; }
      location /rb/ { rewrite ^/rb/(.*)$ /up//$1 break; proxy_pass http://{{a}}; }
      location /rbu/ { rewrite ^/rbu/(.*)$ /up//$1 break; proxy_pass http://{{a}}/base/; }
      location /rr/ { rewrite ^ //seen/x last; }
      location = /seen/x { return 200 "merged uri=$uri"; }
      location ~ ^/seen// { return 200 "kept uri=$uri"; }
      location / { return 200 "root uri=$uri"; } }`,
    probes: [
      { req: req('/rl/x'), expect: body('kept uri=/seen//x') },
      { req: req('/rl/a/b') },
      { req: req('/rb/x'), expect: { status: 200, target: '/up//x' } },
      { req: req('/rbu/x') },
      { req: req('/rr/x') },
    ],
  },
  {
    desc: 'try_files fallbacks and index files with //',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /tf/ { try_files $uri /fb//$uri; }
      location /tn/ { try_files /nothing /fb//x?k=v; }
      location /ix/ { alias ${root}/dir/; index nope.html /ix2//page.html; }
      location /fb/ { return 200 "fb uri=$uri args=$args"; }
      location ~ ^/fb// { return 200 "fb kept uri=$uri args=$args"; }
      location /ix2/ { return 200 "ix uri=$uri"; }
      location / { } }`,
    probes: [
      { req: req('/tf/a'), expect: body('fb kept uri=/fb///tf/a args=') },
      { req: req('/tn/x') },
      { req: req('/ix/') },
      { req: req('/here.txt'), expect: body('here\n') },
    ],
  },
  {
    desc: 'X-Accel-Redirect with //',
    config: `server { listen 80; server_name ${host};
      location /app/ { proxy_pass http://{{a}}; }
      location ~ ^/acc// { return 200 "kept uri=$uri"; }
      location /acc/ { return 200 "merged uri=$uri"; } }`,
    probes: [
      { req: req(`/app/xaccel?to=${encodeURIComponent('/acc//x')}`) },
      { req: req(`/app/xaccel?to=${encodeURIComponent('/acc/a//b?q=1')}`) },
      { req: req(`/app/xaccel?to=${encodeURIComponent('/acc/%2F/x')}`) },
    ],
  },
];

describeCases('conformance: // in internal redirects', cases, { cleanup: () => fs.rmSync(root, { recursive: true, force: true }) });
